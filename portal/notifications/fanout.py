"""The fan-out: an event's notification rows, one per (recipient, channel),
from one query for the recipients and one bulk insert."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, CharField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from portal.outbox.models import Event

from . import registry
from .models import Channel, Notification, Rhythm, Status
from .rendering import render_title

LANGUAGES = {code for code, _name in settings.LANGUAGES}
COLUMNS = (
    "event_id",
    "topic",
    "recipient_id",
    "channel",
    "status",
    "transactional",
    "audience",
    "language",
    "title",
    "reason",
    "path",
    "created_at",
    "next_attempt_at",
    "attempts",
    "last_error",
    "sent_at",
)


def _language(code: str) -> str:
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def recipient_rows(topic, payload: dict, context: dict):
    """The topic's recipients with what the fan-out needs of each, in one
    query: language, alert choices, and the topic's own annotations."""
    users = topic.recipients(payload, context)
    extra = [
        name
        for name in users.query.annotations
        if name in ("audience", "transactional") or name.startswith("reason_")
    ]
    return (
        users.filter(is_active=True)
        .annotate(
            _email_alerts=Coalesce(
                "notification_preferences__email_alerts",
                Value(True),
                output_field=BooleanField(),
            ),
            _in_app_alerts=Coalesce(
                "notification_preferences__in_app_alerts",
                Value(True),
                output_field=BooleanField(),
            ),
            _rhythm=Coalesce(
                "notification_preferences__rhythm",
                Value(Rhythm.IMMEDIATE),
                output_field=CharField(),
            ),
        )
        .values(
            "pk",
            "preferred_language",
            "_email_alerts",
            "_in_app_alerts",
            "_rhythm",
            *extra,
        )  # fmt: skip
    )


def fan_out(event: Event) -> int:
    """Make the notification rows of an event (the outbox handler of every
    registered topic); returns how many rows were new. Runs inside the outbox
    dispatcher's transaction: rows and the event's delivery commit together.
    Titles, links and reasons are worked out once per language (and audience,
    and reason), not once per person."""
    topic = registry.get(event.topic)
    context = topic.context(event.payload)
    if context is None:
        return 0
    now = timezone.now()
    retry_at = now + timedelta(seconds=settings.NOTIFICATIONS_RESEND_AFTER_SECONDS)
    titles, paths, reasons, rows = {}, {}, {}, []
    for row in recipient_rows(topic, event.payload, context):
        language = _language(row["preferred_language"])
        audience = row.get("audience") or ""
        transactional = row.get("transactional")
        if transactional is None:
            transactional = topic.transactional
        # a reason depends only on the row's audience and reason_* fields
        why = (
            language,
            *sorted(
                (k, v) for k, v in row.items() if k.startswith(("reason_", "audience"))
            ),
        )
        if why not in reasons:
            with translation.override(language):
                if (language, audience) not in titles:
                    titles[language, audience] = render_title(topic, context, audience)
                if language not in paths:
                    paths[language] = topic.path(context)
                reasons[why] = (
                    str(topic.reason(row, context))[:300] if topic.reason else ""
                )
        common = (
            event.pk, event.topic, row["pk"],
        )  # fmt: skip
        shared = (
            transactional, audience, language, titles[language, audience],
            reasons[why], paths[language], now,
        )  # fmt: skip
        for channel in topic.channels:
            if channel == Channel.EMAIL:
                if (
                    not transactional
                    and topic.digestible
                    and row["_rhythm"] == Rhythm.DAILY
                ):
                    continue  # the daily digest carries it
                wanted = transactional or row["_email_alerts"]
                status = Status.PENDING if wanted else Status.SUPPRESSED
                rows.append((*common, channel, status, *shared, retry_at, 0, "", None))
            else:
                wanted = transactional or row["_in_app_alerts"]
                status = Status.SENT if wanted else Status.SUPPRESSED
                sent_at = now if wanted else None
                rows.append((*common, channel, status, *shared, now, 0, "", sent_at))
    made = _insert(event.pk, rows)
    pending = list(
        Notification.objects.filter(
            event=event, channel=Channel.EMAIL, status=Status.PENDING
        ).values_list("pk", flat=True)
    )
    if pending:
        from .services import enqueue_sending

        transaction.on_commit(lambda: enqueue_sending(pending))
    return made


def _insert(event_id: int, rows: list[tuple]) -> int:
    """COPY the rows into a scratch table, then insert those not there yet
    (the unique (event, recipient, channel) makes a repeated fan-out insert
    nothing). Ten thousand recipients' rows take a fraction of a second;
    Django's bulk_create took seconds, most of the fan-out's time."""
    if not rows:
        return 0
    table = Notification._meta.db_table
    scratch = f"notification_fanout_{event_id}"
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {scratch} ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {scratch} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} "
            "ON CONFLICT (event_id, recipient_id, channel) DO NOTHING"
        )
        made = cursor.rowcount
        cursor.execute(f"DROP TABLE {scratch}")
    return made
