import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .handlers import NoHandler, handlers_for, handles
from .models import Event

log = logging.getLogger(__name__)


@handles("email.send")
def send_email(payload: dict) -> None:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        to=payload["to"],
        connection=get_connection(),
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    message.send()


def outbox_dispatch(*, batch_size: int = 100) -> int:
    """Deliver pending events whose time has come; returns how many were delivered.

    Rows are locked with SKIP LOCKED, so several workers can dispatch at once
    without delivering one event twice.
    """
    delivered = 0
    while True:
        with transaction.atomic():
            events = list(
                Event.objects.pending()
                .filter(available_at__lte=timezone.now())
                .select_for_update(skip_locked=True)
                .order_by("id")[:batch_size]
            )
            if not events:
                return delivered
            for event in events:
                try:
                    with transaction.atomic():
                        handlers = handlers_for(event.topic)
                        if not handlers:
                            raise NoHandler(f"no handler for topic {event.topic!r}")
                        for handler in handlers:
                            if getattr(handler, "takes_event", False):
                                handler(event)
                            else:
                                handler(event.payload)
                except Exception as exc:  # noqa: BLE001 - any failure is retried
                    log.warning("outbox event %s failed: %s", event.pk, exc)
                    event.attempts += 1
                    event.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                    event.dead = event.attempts >= Event.MAX_ATTEMPTS
                    event.available_at = timezone.now() + timedelta(
                        seconds=min(3600, 5 * 2**event.attempts)
                    )
                else:
                    event.dispatched_at = timezone.now()
                    delivered += 1
                event.save(
                    update_fields=[
                        "attempts",
                        "last_error",
                        "dead",
                        "available_at",
                        "dispatched_at",
                    ]
                )
        if len(events) < batch_size:
            return delivered


def outbox_purge(*, now=None) -> int:
    """Blank the payload of events delivered, or given up, more than
    OUTBOX_RETENTION_DAYS ago; returns how many were blanked. The rows stay
    (topic and dates are the delivery record); the addresses and texts go."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    old = Event.objects.filter(dispatched_at__lt=cutoff) | Event.objects.filter(
        dead=True, available_at__lt=cutoff
    )
    return old.exclude(payload={}).update(payload={})
