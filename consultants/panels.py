"""The "network members who serve it" panel of a municipality's page
(registered with municipalities.panels in ConsultantsConfig.ready)."""

from django.template.loader import render_to_string

from .models import Consultant

SHOWN = 20


def municipality_members(request, municipality) -> str:
    """Members based in or serving the municipality's region, or serving its
    district."""
    members = Consultant.objects.members()
    serving = members.for_region(municipality.region_id)
    if municipality.district_id:
        serving = serving | members.for_district(municipality.district_id)
    serving = serving.select_related("home_region").order_by("name_ky", "id")
    return render_to_string(
        "consultants/includes/municipality_members.html",
        {
            "members": serving[:SHOWN],
            "count": serving.count(),
            "municipality": municipality,
        },
        request=request,
    )
