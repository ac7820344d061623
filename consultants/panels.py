"""Panels on a consultant's profile page, contributed by the apps above
(trainings: the training and certificate history; procurement: the ratings of
completed contracts). Register in ``AppConfig.ready()``."""

from portal.accounts.panels import register_dashboard_panel, signed_in
from portal.panels import PanelRegistry

profile_panels = PanelRegistry("consultant profile")
register_profile_panel = profile_panels.register

# what the registry adds to the dashboard (applications, one's own profile,
# the coordinator's regions, the registry)
register_dashboard_panel(
    "consultants/includes/dashboard_panel.html", signed_in, order=20
)
