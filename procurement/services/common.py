"""What every procurement workflow shares: money rounding, the tender row
lock, the announcement of what happened."""

from decimal import ROUND_HALF_UP, Decimal

from portal.outbox.models import Event

from ..models import Tender

TWO_PLACES = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def locked(tender: Tender) -> Tender:
    return Tender.objects.select_for_update().get(pk=tender.pk)


# ------------------------------------------------------------------ notifications
def announce(topic: str, tender: Tender, **payload) -> None:
    """Record what happened to the tender in the outbox, in the caller's
    transaction; procurement/notifications.py says who hears of it."""
    Event.emit(
        topic,
        {"tender_id": tender.pk, **payload},
        region_code=tender.municipality.region_id,
    )
