"""What procurement adds to the pages of the apps below it: the ratings of
completed contracts on a consultant's profile, and the dashboard's links.
Imported by ProcurementConfig.ready()."""

from consultants.panels import register_profile_panel
from portal.accounts.panels import register_dashboard_panel, signed_in

from .templatetags.procurement_tags import consultant_ratings


def ratings(request, consultant) -> dict:
    return consultant_ratings(consultant)


register_profile_panel(
    "procurement/includes/consultant_ratings.html", ratings, order=20
)
register_dashboard_panel(
    "procurement/includes/dashboard_panel.html", signed_in, order=40
)
