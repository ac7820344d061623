"""Panels on a consultant's profile page, contributed by the apps above
(trainings: the training and certificate history; procurement: the ratings of
completed contracts), and what this app adds to lower apps' pages: the
dashboard's links and the network members who could help a municipality.
Imported by ConsultantsConfig.ready()."""

from municipalities.access import with_regions
from municipalities.panels import register_municipality_panel
from portal.accounts.panels import register_dashboard_panel
from portal.panels import PanelRegistry

from .recommendations import ExpertiseChoiceForm, recommend

profile_panels = PanelRegistry("consultant profile")
register_profile_panel = profile_panels.register

# what the registry adds to the dashboard (applications, one's own profile,
# the coordinator's regions, the registry)
register_dashboard_panel(
    "consultants/includes/dashboard_panel.html", with_regions, order=20
)


def municipality_members(request, municipality) -> dict:
    """Members who could help the municipality (consultants/recommendations.py),
    for the expertise area the reader picks (?expertise=code; a code that is
    not an area is an error on the form and the list stays unfiltered)."""
    form = ExpertiseChoiceForm(request.GET or None)
    codes = []
    if form.is_bound and form.is_valid() and form.cleaned_data["expertise"]:
        codes = [form.cleaned_data["expertise"].code]
    return {
        "form": form,
        "recommendations": recommend(municipality, codes),
        "municipality": municipality,
    }


register_municipality_panel(
    "consultants/includes/municipality_members.html", municipality_members, order=20
)
