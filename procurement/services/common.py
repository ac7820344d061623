"""What every procurement workflow shares: money rounding, the tender row
lock, the announcement of what happened."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from portal.errors import DomainError
from portal.outbox.models import Event

from ..models import Tender
from ..ocds.events import record_release

TWO_PLACES = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def locked(tender: Tender) -> Tender:
    return Tender.objects.select_for_update().get(pk=tender.pk)


# ------------------------------------------------------------------ notifications
def announce(topic: str, tender: Tender, **payload) -> None:
    """Record what happened to the tender in the outbox, in the caller's
    transaction; procurement/notifications.py says who hears of it. An event
    that OCDS publishes (procurement.ocds.RELEASE_EVENTS) stores its release
    in the same transaction."""
    record_release(topic, tender, **payload)
    Event.emit(
        topic,
        {"tender_id": tender.pk, **payload},
        region_code=tender.municipality.region_id,
    )


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
