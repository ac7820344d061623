"""What the reports add to the dashboard: the academy's national overview and
a coordinator's regions. Imported by ReportsConfig.ready()."""

from portal.accounts.panels import register_dashboard_panel, signed_in

register_dashboard_panel("reports/includes/dashboard_panel.html", signed_in, order=50)
