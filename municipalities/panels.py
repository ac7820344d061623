"""What municipalities adds to the dashboard: the staff member's
municipality. Imported by MunicipalitiesConfig.ready()."""

from portal.accounts.panels import register_dashboard_panel, signed_in

register_dashboard_panel(
    "municipalities/includes/dashboard_panel.html", signed_in, order=10
)
