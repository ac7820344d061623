"""The tenders panel of a municipality's page (registered with
municipalities.panels in ProcurementConfig.ready)."""

from django.template.loader import render_to_string

from municipalities.access import is_staff_of

from .models import Tender

SHOWN = 20


def municipality_tenders(request, municipality) -> str:
    """Published tenders of the municipality; its own staff also see drafts."""
    tenders = (
        Tender.objects.visible_to(request.user)
        .filter(municipality=municipality)
        .order_by("-created_at", "-id")
    )
    return render_to_string(
        "procurement/includes/municipality_tenders.html",
        {
            "tenders": tenders[:SHOWN],
            "can_create": is_staff_of(request.user, municipality),
        },
        request=request,
    )
