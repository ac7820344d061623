"""Panels of this app's pages and what it adds to the dashboard.

Higher apps contribute panels to a municipality's page (its tenders, the
network members who serve it) through ``register_municipality_panel`` in their
AppConfig.ready(), so that this app never imports the apps above it.
Imported by MunicipalitiesConfig.ready()."""

from portal.accounts.panels import register_dashboard_panel, signed_in
from portal.panels import PanelRegistry

municipality_panels = PanelRegistry("municipality page")
register_municipality_panel = municipality_panels.register


def render_panels(request, municipality):
    return municipality_panels.render(request, municipality)


register_dashboard_panel(
    "municipalities/includes/dashboard_panel.html", signed_in, order=10
)
