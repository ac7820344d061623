"""What the reports add to the dashboard: the academy's national overview and
a coordinator's regions. Imported by ReportsConfig.ready()."""

from municipalities.access import with_regions
from portal.accounts.panels import register_dashboard_panel

register_dashboard_panel(
    "reports/includes/dashboard_panel.html", with_regions, order=50
)
