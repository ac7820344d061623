"""Panels on a consultant's profile page, contributed by the apps above
(trainings: the training and certificate history; procurement: the ratings of
completed contracts), and what this app adds to lower apps' pages: the
dashboard's links and the network members who serve a municipality.
Imported by ConsultantsConfig.ready()."""

from municipalities.access import with_regions
from municipalities.panels import register_municipality_panel
from portal.accounts.panels import register_dashboard_panel
from portal.panels import PanelRegistry

from .models import Consultant

profile_panels = PanelRegistry("consultant profile")
register_profile_panel = profile_panels.register

SHOWN = 20

# what the registry adds to the dashboard (applications, one's own profile,
# the coordinator's regions, the registry)
register_dashboard_panel(
    "consultants/includes/dashboard_panel.html", with_regions, order=20
)


def municipality_members(request, municipality) -> dict:
    """Members based in or serving the municipality's region, or serving its
    district."""
    members = Consultant.objects.members()
    serving = members.for_region(municipality.region_id)
    if municipality.district_id:
        serving = serving | members.for_district(municipality.district_id)
    serving = serving.select_related("home_region").order_by("name_ky", "id")
    return {
        "members": serving[:SHOWN],
        "count": serving.count(),
        "municipality": municipality,
    }


register_municipality_panel(
    "consultants/includes/municipality_members.html", municipality_members, order=20
)
