"""What procurement adds to the pages of the apps below it: the ratings of
completed contracts on a consultant's profile, the dashboard's links and
"Tenders for me", and a municipality's tenders. Imported by
ProcurementConfig.ready()."""

from consultants.panels import register_profile_panel
from municipalities.access import is_staff_of
from municipalities.panels import register_municipality_panel
from portal.accounts.panels import register_dashboard_panel, signed_in

from .alerts import tenders_for
from .models import Tender
from .templatetags.procurement_tags import consultant_ratings

SHOWN = 20


def ratings(request, consultant) -> dict:
    return consultant_ratings(consultant, request.user)


def municipality_tenders(request, municipality) -> dict:
    """Published tenders of the municipality; its own staff also see drafts."""
    tenders = (
        Tender.objects.visible_to(request.user)
        .filter(municipality=municipality)
        .order_by("-created_at", "-id")
    )
    return {
        "tenders": tenders[:SHOWN],
        "can_create": is_staff_of(request.user, municipality),
    }


def tenders_for_me(request, user) -> dict | None:
    """A consultant's open tenders that match their alerts and that they may
    bid on, closing soonest first (with a way to the alert settings when
    there is none). One query; other roles get no panel."""
    if not user.is_consultant:
        return None
    return {"tenders": list(tenders_for(user)[:SHOWN])}


register_profile_panel(
    "procurement/includes/consultant_ratings.html", ratings, order=20
)
register_dashboard_panel(
    "procurement/includes/dashboard_panel.html", signed_in, order=40
)
register_dashboard_panel(
    "procurement/includes/tenders_for_me.html", tenders_for_me, order=45
)
register_municipality_panel(
    "procurement/includes/municipality_tenders.html", municipality_tenders, order=10
)
