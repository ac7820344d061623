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


def bulk_subscribers(count, *, region_code="KG-N", expertise_code="strategy-test",
                     languages=("ky", "ru", "en"), prefix="member"):  # fmt: skip
    """`count` certified consultants with accounts subscribed to a region and
    an expertise area, made in bulk (three INSERTs). Returns the users."""
    from consultants.models import Consultant, NetworkStatus
    from portal.accounts.models import Role, User
    from procurement.models import TenderSubscription
    from tests.consultants.factories import ExpertiseAreaFactory

    area = ExpertiseAreaFactory(code=expertise_code)
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{n}@ngo.kg",
                full_name=f"Мүчө {n}",
                role=Role.CONSULTANT,
                preferred_language=languages[n % len(languages)],
                password="!",
            )
            for n in range(count)
        ]
    )
    Consultant.objects.bulk_create(
        [
            Consultant(
                kind="individual",
                name=f"Консультант {n}",
                name_ky=f"Консультант {n}",
                home_region_id=region_code,
                status=NetworkStatus.CERTIFIED,
                user=user,
            )
            for n, user in enumerate(users)
        ]
    )
    TenderSubscription.objects.bulk_create(
        [
            TenderSubscription(user=user, region_id=region_code, expertise=area)
            for user in users
        ]
    )
    return users
