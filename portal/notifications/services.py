"""Fan-out, sending, the sweeper, and what people do with their
notifications.

Delivery in three steps, each safe to repeat:

1. ``fanout.fan_out`` (the outbox handler of every registered topic, run by the
   outbox dispatcher inside its transaction) builds the recipients with one
   query and inserts the notification rows in bulk; the unique (event,
   recipient, channel) makes a repeated fan-out insert nothing. In-app rows
   are delivered by being written. After commit the email rows are enqueued
   in batches of NOTIFICATIONS_BATCH_SIZE.
2. ``send_batch`` (a Celery task per batch) takes a PostgreSQL advisory lock
   on each row it will send, so two workers never send the same row at once;
   it sends over one SMTP connection and marks each row sent right after the
   server accepted it. A worker killed between the server's acceptance and
   that mark (one message per worker process at most) leaves the row
   pending and its lock released with the connection: it is sent again,
   with the same Message-ID. That is the only window for a duplicate.
3. ``sweep`` (beat) enqueues again every email row still pending after
   NOTIFICATIONS_RESEND_AFTER_SECONDS (Redis down at commit, a killed worker,
   a failure's back-off that has run out) and lets apps produce their
   date-driven alerts. SMTP failures are retried with back-off and end, after
   NOTIFICATIONS_MAX_ATTEMPTS, in the visible `failed` state.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User

from . import registry
from .models import Channel, Notification, Preferences, Status
from .rendering import BodyCache, MimeCache, build_email
from .smtp import Marker, MarkFailed, send_raw

log = logging.getLogger(__name__)

# advisory-lock namespace (first key) of notifications being sent
LOCK_NAMESPACE = 7_401_001


def enqueue_sending(ids: list[int]) -> int:
    """Queue the sending of these email rows in batches; returns how many
    batches were queued. Best effort: if the broker cannot be reached the rows
    stay pending and the sweeper queues them again later."""
    from .tasks import send_batch

    size = settings.NOTIFICATIONS_BATCH_SIZE
    queued = 0
    for start in range(0, len(ids), size):
        try:
            send_batch.apply_async(args=[ids[start : start + size]], retry=False)
        except Exception as exc:  # noqa: BLE001 - the sweeper will retry
            log.warning("could not queue notifications for sending: %s", exc)
            break
        queued += 1
    return queued


# ----------------------------------------------------------------- sending
def _lock(ids: list[int]) -> list[int]:
    """Session advisory locks on the rows this worker will send: the ids it
    got (another worker holds the others)."""
    if not ids:
        return []
    with db_connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM unnest(%s::int[]) AS id "
            "WHERE pg_try_advisory_lock(%s, id) ORDER BY id",
            [ids, LOCK_NAMESPACE],
        )
        return [row[0] for row in cursor.fetchall()]


def _unlock(ids: list[int]) -> None:
    if not ids:
        return
    with db_connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_unlock(%s, id) FROM unnest(%s::int[]) AS id",
            [LOCK_NAMESPACE, ids],
        )


def retry_delay(attempts: int) -> timedelta:
    """How long after its n-th failed attempt a notification is tried again:
    NOTIFICATIONS_RETRY_SECONDS, doubled after each failure, at most an hour."""
    base = settings.NOTIFICATIONS_RETRY_SECONDS
    return timedelta(seconds=min(3600, base * 2 ** max(0, attempts - 1)))


def _failed(notification: Notification, error: str, *, now) -> None:
    attempts = notification.attempts + 1
    gave_up = attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    Notification.objects.filter(pk=notification.pk).update(
        attempts=attempts,
        last_error=error[:2000],
        status=Status.FAILED if gave_up else Status.PENDING,
        next_attempt_at=now + retry_delay(attempts),
    )


def server_unusable(exc: Exception) -> bool:
    """True when the failure is the SMTP server's, not the message's: no
    connection (refused, reset, timed out, closed) or "421 service not
    available". The rest of the batch would fail the same way: it is not
    tried (one connection per row against a dead server would hold the
    worker for EMAIL_TIMEOUT per row)."""
    if isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code == 421
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code == 421 for code, _reply in exc.recipients.values())
    # SMTPException is an OSError too: only the socket's own errors here
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


def _close_quietly(mail) -> None:
    try:
        mail.close()
    except Exception as exc:  # noqa: BLE001 - a broken connection is dropped
        log.info("SMTP connection closed with an error: %s", exc)


def send_batch(ids: list[int]) -> dict:
    """Send the pending email rows among `ids` over one SMTP connection.
    Returns counts {"sent", "failed", "suppressed", "skipped"}. Call it
    outside a transaction (as the task does), so that each mark commits as
    soon as its message is accepted."""
    ids = sorted({int(i) for i in ids})
    counts = {"sent": 0, "failed": 0, "suppressed": 0, "skipped": 0}
    claimed = _lock(ids)
    counts["skipped"] = len(ids) - len(claimed)
    mail = marker = None
    try:
        # read after locking: a row another worker sent meanwhile is no
        # longer pending
        rows = list(
            Notification.objects.filter(
                pk__in=claimed, channel=Channel.EMAIL, status=Status.PENDING
            )
            .select_related("recipient", "event")
            .order_by("pk")
        )
        counts["skipped"] += len(claimed) - len(rows)
        opted_out = set(
            Preferences.objects.filter(
                user_id__in={n.recipient_id for n in rows}, email_alerts=False
            ).values_list("user_id", flat=True)
        )
        marker = Marker()
        contexts, bodies, mimes = {}, BodyCache(), MimeCache()
        mail, is_open = get_connection(), False
        over_smtp = isinstance(mail, SMTPBackend)
        for index, notification in enumerate(rows):
            now = timezone.now()
            if not notification.transactional and (
                notification.recipient_id in opted_out
                or not notification.recipient.is_active
            ):
                Notification.objects.filter(pk=notification.pk).update(
                    status=Status.SUPPRESSED
                )
                counts["suppressed"] += 1
                continue
            try:
                topic = registry.get(notification.topic)
                if notification.event_id not in contexts:
                    contexts[notification.event_id] = topic.context(
                        notification.event.payload
                    )
                context = contexts[notification.event_id]
                if context is None:
                    raise LookupError("what the event speaks of no longer exists")
                raw = (
                    mimes.raw(
                        notification=notification,
                        topic=topic,
                        context=context,
                        bodies=bodies,
                    )
                    if over_smtp
                    else None
                )
                if not is_open:
                    # opened here, the connection stays open for the batch
                    # (send() alone would open and close it per message)
                    mail.open()
                    is_open = True
                if raw is not None:
                    send_raw(
                        mail.connection,
                        sender=settings.DEFAULT_FROM_EMAIL,
                        to=notification.recipient.email,
                        raw=raw,
                        before_accept=marker.wait,
                    )
                else:
                    message = build_email(
                        notification=notification,
                        topic=topic,
                        context=context,
                        bodies=bodies,
                        connection=mail,
                    )
                    marker.wait()
                    message.send()
            except MarkFailed:
                raise
            except Exception as exc:  # noqa: BLE001 - recorded, retried later
                log.warning("notification %s not sent: %s", notification.pk, exc)
                error = f"{type(exc).__name__}: {exc}"
                _failed(notification, error, now=now)
                counts["failed"] += 1
                if server_unusable(exc):
                    # the server is down: the rest of the batch fails as this
                    # one did (an attempt each, the same back-off), untried
                    for untried in rows[index + 1 :]:
                        _failed(untried, error, now=now)
                        counts["failed"] += 1
                    break
                # the connection may be broken: the next message opens a new one
                _close_quietly(mail)
                is_open = False
                continue
            # accepted by the server: marked at once, on the marker's own
            # connection; the next message is not accepted before it commits
            marker.mark(notification.pk)
            counts["sent"] += 1
    finally:
        if marker is not None:
            marker.close()
        if mail is not None:
            _close_quietly(mail)
        _unlock(claimed)
    return counts


# ----------------------------------------------------------------- sweeper
def sweep(*, now=None, limit: int = 20_000) -> dict:
    """Queue again the email still pending whose time has come, then let apps
    produce their date-driven alerts. Safe to run twice at once: rows are
    taken with SKIP LOCKED and moved ahead before they are queued, producers
    name their events (Event.emit_once)."""
    from .signals import sweep_tick

    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Notification.objects.due_email(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Notification.objects.filter(pk__in=due).update(
            next_attempt_at=now
            + timedelta(seconds=settings.NOTIFICATIONS_RESEND_AFTER_SECONDS)
        )
    batches = enqueue_sending(due) if due else 0
    sweep_tick.send(sender=None, now=now)
    return {"requeued": len(due), "batches": batches}


# -------------------------------------------------- what people do with them
def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own in-app notifications read (someone else's is
    not found: Notification.DoesNotExist)."""
    notification = Notification.objects.in_app_for(user).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.in_app_for(user).unread().update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.in_app_for(user).unread().count()


def alerts_unsubscribe(*, user_id: int) -> User | None:
    """Stop alerts by email for this user (the one-click link). Messages about
    the user (receipts, decisions) are still sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    Preferences.objects.update_or_create(user=user, defaults={"email_alerts": False})
    # what is already queued for them is withheld too
    Notification.objects.filter(
        recipient=user,
        channel=Channel.EMAIL,
        status=Status.PENDING,
        transactional=False,
    ).update(status=Status.SUPPRESSED)
    return user


def notifications_resend(*, queryset) -> int:
    """Queue failed email again (the admin's action); returns how many."""
    ids = list(
        queryset.filter(channel=Channel.EMAIL, status=Status.FAILED).values_list(
            "pk", flat=True
        )
    )
    Notification.objects.filter(pk__in=ids).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: enqueue_sending(ids))
    return len(ids)
