"""Deliver what the outbox holds, in this process: the dispatcher's fan-out,
then the sending of every pending email (Django's test mail outbox)."""

from django.core import mail
from django.utils import timezone

from portal.notifications.models import Channel, Notification, Status
from portal.notifications.services import send_batch
from portal.outbox.models import Event
from portal.outbox.services import outbox_dispatch


def deliver() -> list:
    """Dispatch pending events, send pending email; returns mail.outbox.
    Events recorded while a test travelled ahead in time are due now."""
    Event.objects.pending().update(available_at=timezone.now())
    outbox_dispatch()
    pending = list(
        Notification.objects.filter(
            channel=Channel.EMAIL, status=Status.PENDING
        ).values_list("pk", flat=True)
    )
    if pending:
        send_batch(pending)
    return mail.outbox


def topic_of(message) -> str:
    """The topic of a notification email, from its stable Message-ID."""
    message_id = message.extra_headers["Message-ID"]
    pk = int(message_id.split("notification-")[1].split(".")[0])
    return Notification.objects.get(pk=pk).topic


def emails_to(address: str, topic: str | None = None) -> list:
    """The emails delivered to this address so far (delivering first), of
    one topic if given."""
    return [
        m
        for m in deliver()
        if address in m.to and (topic is None or topic_of(m) == topic)
    ]


def in_app_of(user) -> list:
    deliver()
    return list(Notification.objects.in_app_for(user))
