"""What every procurement workflow shares: money rounding, the tender row
lock, notifications."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from portal.outbox.models import Event

from ..models import (
    BidStatus,
    Tender,
)

TWO_PLACES = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def locked(tender: Tender) -> Tender:
    return Tender.objects.select_for_update().get(pk=tender.pk)


# ------------------------------------------------------------------ notifications
def notify(users, template: str, context: dict, *, region_code: str = "") -> None:
    """Email each user in their preferred language, through the outbox."""
    site = settings.PORTAL_SITE_URL.rstrip("/")
    for user in users:
        if not user or not user.email:
            continue
        with translation.override(user.preferred_language or "ky"):
            ctx = {**context, "site": site, "user": user}
            subject = render_to_string(f"procurement/email/{template}_subject.txt", ctx)
            body = render_to_string(f"procurement/email/{template}.txt", ctx)
        Event.emit(
            "email.send",
            {"to": [user.email], "subject": " ".join(subject.split()), "body": body},
            region_code=region_code,
        )


def bidder_users(tender: Tender, bids=None):
    bids = bids if bids is not None else tender.bids.filter(status=BidStatus.SUBMITTED)
    return [b.consultant.user for b in bids.select_related("consultant__user")]


def staff_users(tender: Tender):
    return [m.user for m in tender.municipality.staff.select_related("user")]
