"""Panels on the signed-in person's start page (the dashboard), contributed
by the apps above: each adds the list items for the roles it serves. Register
in ``AppConfig.ready()``."""

from portal.panels import PanelRegistry

dashboard_panels = PanelRegistry("dashboard")
register_dashboard_panel = dashboard_panels.register


def signed_in(request, user) -> dict:
    """The context of a panel every signed-in person sees (the panel's
    template chooses by role)."""
    return {"user": user}
