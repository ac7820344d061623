"""What this app adds to lower apps' pages: the members' ratings of a
municipality on its page, and the requests on the dashboard (the ratings of
a member's consultations are on the profile with the contracts': the
procurement ratings panel reads every ConsultantRating). Imported by
ConsultationsConfig.ready()."""

from municipalities.panels import register_municipality_panel
from portal.accounts.panels import register_dashboard_panel

from . import access
from .models import MunicipalityRating

SHOWN = 20


def municipality_ratings(request, municipality) -> dict:
    """The members' ratings of the municipality after direct consultations:
    the averages and the count (one aggregate) and the latest ratings with
    the municipality's answers."""
    ratings = MunicipalityRating.objects.filter(municipality=municipality)
    figures = ratings.figures()
    shown = list(
        ratings.select_related("consultant").order_by("-rated_at", "-id")[:SHOWN]
    )
    for rating in shown:
        rating.can_answer = access.can_answer_municipality_rating(request.user, rating)
    return {
        "municipality": municipality,
        "figures": figures,
        "ratings": shown,
        "answer_path": request.get_full_path(),
    }


register_municipality_panel(
    "consultations/includes/municipality_ratings.html",
    municipality_ratings,
    order=40,
)


def dashboard(request, user) -> dict | None:
    if not access.can_list_requests(user):
        return None
    return {"user": user, "can_create": access.can_create_request(user)}


register_dashboard_panel(
    "consultations/includes/dashboard_panel.html", dashboard, order=42
)
