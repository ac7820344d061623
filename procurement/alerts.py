"""Date-driven tender alerts: deadline reminders (7, 3 and 1 days before, by
Bishkek calendar days) and daily digests at each person's chosen hour, both
produced by the notification sweeper; the digest topic; "tenders for me"; and
the subscription a new member starts with.

Every producer names its events (Event.emit_once), so a sweep that runs twice,
or twice at once, records each reminder and each hour's digest once; a person
gets at most one digest a day."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date

from consultants.models import Consultant, NetworkStatus
from portal.accounts.models import User
from portal.notifications.models import Channel, Notification, Preferences, Rhythm
from portal.notifications.registry import Topic, register
from portal.notifications.signals import sweep_tick
from portal.outbox.handlers import handles
from portal.outbox.models import Event

from .models import Tender

REMINDER_DAYS = (7, 3, 1)
CLOSING_SOON_DAYS = 7
DIGEST_TOPIC = "alerts.digest"
REMINDER_TOPIC = "tender.deadline_reminder"


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


# ------------------------------------------------------------ tenders for me
def tenders_for(user, *, now=None):
    """Open tenders one of the user's subscriptions matches and the user may
    bid on, closing soonest first (the dashboard's "Tenders for me")."""
    return (
        Tender.objects.accepting_bids(now)
        .subscribed_by(user.pk)
        .biddable_by(user.pk)
        .select_related("municipality")
        .order_by("submission_deadline", "pk")
    )


# ----------------------------------------------------------------- reminders
def deadline_reminders(*, now=None) -> int:
    """Record the reminders due today: a tender accepting bids whose deadline
    falls (Bishkek calendar) 7, 3 or 1 days from today, from
    NOTIFICATIONS_REMINDER_HOUR on. A reminder day missed entirely is not
    made up later. Returns how many were recorded."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.NOTIFICATIONS_REMINDER_HOUR:
        return 0
    made = 0
    for days in REMINDER_DAYS:
        start = _local_midnight(local.date() + timedelta(days=days))
        key = Concat(
            Value(f"{REMINDER_TOPIC}:"),
            Cast(OuterRef("pk"), CharField()),
            Value(f":{days}"),
            output_field=CharField(),
        )
        due = (
            Tender.objects.accepting_bids(now)
            .filter(
                submission_deadline__gte=start,
                submission_deadline__lt=start + timedelta(days=1),
            )
            .exclude(Exists(Event.objects.filter(key=key)))
            .select_related("municipality")
        )
        for tender in due:
            event = Event.emit_once(
                REMINDER_TOPIC,
                {"tender_id": tender.pk, "days": days},
                key=f"{REMINDER_TOPIC}:{tender.pk}:{days}",
                region_code=tender.municipality.region_id,
            )
            made += event is not None
    return made


# ------------------------------------------------------------------- digests
def _digest_window(day, hour):
    until = _local_midnight(day) + timedelta(hours=hour)
    return until - timedelta(days=1), until


def digest_selection(user_ref, *, since, until):
    """What a digest carries: tenders published in [since, until), and
    tenders closing within CLOSING_SOON_DAYS of `until`; both open, matching
    a subscription, biddable by the user."""
    tenders = (
        Tender.objects.accepting_bids(until)
        .subscribed_by(user_ref)
        .biddable_by(user_ref)
    )
    new = tenders.filter(published_at__gte=since, published_at__lt=until)
    closing = tenders.filter(
        submission_deadline__lte=until + timedelta(days=CLOSING_SOON_DAYS)
    ).exclude(published_at__gte=since, published_at__lt=until)
    return new, closing


def daily_digests(*, now=None) -> int:
    """Record this hour's digest event if someone chose this hour; 1 if
    recorded. Recipients are worked out when it is delivered."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    wanted = Preferences.objects.filter(
        rhythm=Rhythm.DAILY, digest_hour=local.hour, email_alerts=True
    ).exists()
    if not wanted:
        return 0
    event = Event.emit_once(
        DIGEST_TOPIC,
        {"date": local.date().isoformat(), "hour": local.hour},
        key=f"{DIGEST_TOPIC}:{local.date().isoformat()}:{local.hour}",
    )
    return int(event is not None)


def _digest_context(payload):
    day = parse_date(payload["date"])
    since, until = _digest_window(day, payload["hour"])
    return {
        "date": day,
        "hour": payload["hour"],
        "since": since,
        "until": until,
        "closing_days": CLOSING_SOON_DAYS,
    }


def _digest_recipients(payload, context):
    since, until = context["since"], context["until"]
    new, closing = digest_selection(OuterRef("pk"), since=since, until=until)
    day_start = _local_midnight(context["date"])
    already = Notification.objects.filter(
        topic=DIGEST_TOPIC,
        channel=Channel.EMAIL,
        recipient=OuterRef("pk"),
        created_at__gte=day_start,
        created_at__lt=day_start + timedelta(days=1),
    )
    return (
        User.objects.filter(
            notification_preferences__rhythm=Rhythm.DAILY,
            notification_preferences__digest_hour=context["hour"],
            notification_preferences__email_alerts=True,
        )
        .filter(Q(Exists(new)) | Q(Exists(closing)))
        .exclude(Exists(already))
    )


def _digest_of(context, user):
    new, closing = digest_selection(
        user.pk, since=context["since"], until=context["until"]
    )
    order = ("submission_deadline", "pk")
    return {
        "new_tenders": list(new.for_listing().order_by(*order)),
        "closing_tenders": list(closing.for_listing().order_by(*order)),
    }


register(
    Topic(
        name=DIGEST_TOPIC,
        template="procurement/notifications/digest",
        context=_digest_context,
        recipients=_digest_recipients,
        path=lambda context: reverse("procurement:tender-list"),
        channels=("email",),
        recipient_context=_digest_of,
    )
)


@receiver(sweep_tick, dispatch_uid="procurement.alerts")
def _on_sweep(sender, now, **kwargs):
    deadline_reminders(now=now)
    daily_digests(now=now)


# ------------------------------------------- the subscription of a new member
@handles("consultant.decided")
def subscribe_new_member(payload: dict) -> None:
    """An accepted applicant starts with a subscription derived from the
    profile, so that alerts come without configuring anything."""
    from .services.alerts import subscription_derive_from_profile

    consultant = Consultant.objects.filter(
        pk=payload["consultant_id"], status=NetworkStatus.PROVISIONAL
    ).first()
    if consultant is not None:
        subscription_derive_from_profile(consultant=consultant)
