"""What every procurement workflow shares: money rounding, the tender row
lock, notifications."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from portal.errors import DomainError
from portal.outbox.models import Event

from ..models import (
    Tender,
)

TWO_PLACES = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def locked(tender: Tender) -> Tender:
    return Tender.objects.select_for_update().get(pk=tender.pk)


# ------------------------------------------------------------------ notifications
def notify(users, template: str, *, tender: Tender, **context) -> None:
    """Email each user in their preferred language, through the outbox, about
    the tender (in the context as `tender`; the event carries its region)."""
    site = settings.PORTAL_SITE_URL.rstrip("/")
    for user in users:
        if not user or not user.email:
            continue
        with translation.override(user.preferred_language or "ky"):
            ctx = {**context, "tender": tender, "site": site, "user": user}
            subject = render_to_string(f"procurement/email/{template}_subject.txt", ctx)
            body = render_to_string(f"procurement/email/{template}.txt", ctx)
        Event.emit(
            "email.send",
            {"to": [user.email], "subject": " ".join(subject.split()), "body": body},
            region_code=tender.municipality.region_id,
        )


def bidder_users(tender: Tender, bids=None):
    bids = bids if bids is not None else tender.bids.active()
    return [b.consultant.user for b in bids.select_related("consultant__user")]


def staff_users(tender: Tender):
    return [m.user for m in tender.municipality.staff.select_related("user")]


def ensure_valid(instance, *, fields=()):
    """The model's own checks, for a caller that is not a form: the field
    validators of `fields` and the model's clean() (its date and amount rules).
    A ValidationError becomes a DomainError with its messages."""
    exclude = [f.name for f in instance._meta.fields if f.name not in fields]
    try:
        instance.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    return instance
