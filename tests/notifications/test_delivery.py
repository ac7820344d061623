"""From an outbox event to notification rows and emails: one row per
(event, recipient, channel), the recipient's language, plain text and HTML,
the unsubscribe headers, one SMTP connection per batch, retries (a dead
server tried once per batch)."""

import email
from email import policy

import psycopg
import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from portal.localservices import free_port
from portal.notifications.fanout import fan_out
from portal.notifications.models import (
    Channel,
    Notification,
    Preferences,
    Rhythm,
    Status,
)
from portal.notifications.services import LOCK_NAMESPACE, send_batch, sweep
from portal.outbox.models import Event
from portal.outbox.services import outbox_dispatch
from procurement import services
from tests.attack.faultkit import silent_smtp
from tests.notifications.helpers import deliver
from tests.procurement.factories import TenderFactory, subscriber


def publish(tender=None):
    tender = tender or TenderFactory()
    services.tender_publish(tender=tender, by=None)
    return tender


def pending_email_ids():
    return list(
        Notification.objects.filter(
            channel=Channel.EMAIL, status=Status.PENDING
        ).values_list("pk", flat=True)
    )


def parsed(envelope):
    return email.message_from_bytes(envelope.content, policy=policy.default)


@pytest.mark.django_db
class TestFanOut:
    def test_one_row_per_recipient_and_channel(self):
        people = [subscriber() for _ in range(3)]
        publish()
        outbox_dispatch()
        rows = Notification.objects.filter(topic="tender.published")
        assert rows.count() == 6
        for person in people:
            mine = rows.filter(recipient=person.user)
            assert sorted(mine.values_list("channel", flat=True)) == [
                "email",
                "in_app",
            ]
            assert mine.get(channel="in_app").status == Status.SENT
            assert mine.get(channel="email").status == Status.PENDING

    def test_a_repeated_fan_out_makes_and_sends_nothing_more(self):
        subscriber()
        publish()
        deliver()
        event = Event.objects.get(topic="tender.published")
        assert len(mail.outbox) == 1
        assert fan_out(event) == 0
        assert Notification.objects.filter(event=event).count() == 2
        send_batch(list(Notification.objects.values_list("pk", flat=True)))
        assert len(mail.outbox) == 1

    def test_fan_out_builds_recipients_with_one_query(
        self, django_assert_max_num_queries
    ):
        for _ in range(5):
            subscriber()
        publish()
        event = Event.objects.get(topic="tender.published")
        # context (tender + prefetches), recipients, count, insert, count, ids
        with django_assert_max_num_queries(9):
            fan_out(event)
        for _ in range(20):
            subscriber()
        Notification.objects.all().delete()
        with django_assert_max_num_queries(9):
            fan_out(event)
        assert Notification.objects.count() == 50

    def test_title_and_reason_in_each_recipients_language(self):
        people = {lang: subscriber(language=lang) for lang in ("ky", "ru", "en")}
        tender = publish()
        deliver()
        for lang, person in people.items():
            row = Notification.objects.get(recipient=person.user, channel="in_app")
            assert row.language == lang
            with translation.override(lang):
                title = getattr(tender, f"title_{lang}")
                assert title in row.title
                region = tender.municipality.region.name
                area = tender.expertise_areas.get().name
            assert row.reason == f"{region} · {area}"
        subjects = {m.to[0]: m.subject for m in mail.outbox}
        assert "Новый тендер" in subjects[people["ru"].user.email]
        assert "New tender" in subjects[people["en"].user.email]
        assert "Жаңы тендер" in subjects[people["ky"].user.email]

    def test_alerts_turned_off_are_recorded_as_suppressed(self):
        person = subscriber()
        Preferences.objects.create(
            user=person.user, email_alerts=False, in_app_alerts=False
        )
        publish()
        deliver()
        assert mail.outbox == []
        statuses = set(
            Notification.objects.filter(recipient=person.user).values_list(
                "status", flat=True
            )
        )
        assert statuses == {Status.SUPPRESSED}

    def test_digest_people_get_the_new_tender_in_the_portal_only(self):
        person = subscriber()
        Preferences.objects.create(user=person.user, rhythm=Rhythm.DAILY)
        publish()
        deliver()
        assert mail.outbox == []
        assert Notification.objects.get(recipient=person.user).channel == "in_app"

    def test_messages_about_oneself_ignore_alert_choices(self):
        from tests.procurement.factories import published_tender, submit_bid

        person = subscriber()
        Preferences.objects.create(
            user=person.user, email_alerts=False, in_app_alerts=False
        )
        submit_bid(published_tender(), person)
        deliver()
        receipt = Notification.objects.get(topic="bid.receipt", channel="email")
        assert receipt.transactional and receipt.status == Status.SENT
        assert [m.to for m in mail.outbox] == [[person.user.email]]


@pytest.mark.django_db
class TestEmail:
    def test_plain_text_html_and_one_click_unsubscribe(self, smtp_server):
        person = subscriber(language="ru")
        tender = publish()
        deliver()
        (envelope,) = smtp_server.messages
        message = parsed(envelope)
        assert message["To"] == person.user.email
        assert message["Content-Language"] == "ru"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = "".join(message["List-Unsubscribe"].split()).strip("<>")
        assert unsubscribe.startswith(django_settings.PORTAL_SITE_URL)
        assert "/ru/notifications/unsubscribe/" in unsubscribe
        row = Notification.objects.get(recipient=person.user, channel="email")
        assert message["Message-ID"] == row.message_id
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        link = f"{django_settings.PORTAL_SITE_URL}/ru/tenders/{tender.pk}/"
        for body in (text, html):
            assert link in body
            assert tender.title_ru in body
            assert unsubscribe in body
        assert "Сеть независимых муниципальных консультантов" in text

    def test_one_smtp_connection_per_batch(self, smtp_server):
        for _ in range(5):
            subscriber()
        publish()
        deliver()
        assert len(smtp_server.messages) == 5
        assert len(smtp_server.sessions) == 1

    def test_the_message_id_is_the_same_when_sent_again(self, smtp_server):
        subscriber()
        publish()
        deliver()
        row = Notification.objects.get(channel="email")
        Notification.objects.filter(pk=row.pk).update(
            status=Status.PENDING, sent_at=None
        )
        send_batch([row.pk])
        first, second = (parsed(m)["Message-ID"] for m in smtp_server.messages)
        assert first == second == row.message_id

    def test_a_row_another_worker_is_sending_is_left_to_it(self, smtp_server):
        subscriber()
        subscriber()
        publish()
        outbox_dispatch()
        first, second = pending_email_ids()
        db = django_settings.DATABASES["default"]
        other = psycopg.connect(
            host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"],
            autocommit=True,
        )  # fmt: skip
        try:
            other.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, first])
            counts = send_batch([first, second])
        finally:
            other.close()
        assert counts["sent"] == 1 and counts["skipped"] == 1
        assert Notification.objects.get(pk=first).status == Status.PENDING
        assert Notification.objects.get(pk=second).status == Status.SENT
        # this worker's locks are gone when the batch ends
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND pid = pg_backend_pid()"
            )
            assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
class TestFailures:
    def test_smtp_failure_is_retried_with_back_off_then_failed(self, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = free_port()  # nobody listens
        settings.EMAIL_TIMEOUT = 1
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
        subscriber()
        publish()
        outbox_dispatch()
        (pk,) = pending_email_ids()
        counts = send_batch([pk])
        row = Notification.objects.get(pk=pk)
        assert counts["failed"] == 1
        assert row.status == Status.PENDING and row.attempts == 1
        assert "ConnectionRefused" in row.last_error
        assert row.next_attempt_at > timezone.now()
        # not due yet: the sweeper leaves it
        assert sweep()["requeued"] == 0
        for _ in range(2):
            Notification.objects.filter(pk=pk).update(next_attempt_at=timezone.now())
            send_batch([pk])
        row.refresh_from_db()
        assert row.status == Status.FAILED and row.attempts == 3
        assert sweep()["requeued"] == 0  # failed is final until resent

    def test_a_dead_smtp_server_is_tried_once_per_batch(self, settings):
        """Not once per row: with EMAIL_TIMEOUT a row, that held the worker for
        minutes. The untried rows count an attempt and wait their back-off."""
        for _ in range(20):
            subscriber()
        publish()
        outbox_dispatch()
        pending = pending_email_ids()
        with silent_smtp() as (port, connections):
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
            settings.EMAIL_TIMEOUT = 1
            counts = send_batch(pending)
        assert len(connections) == 1
        assert counts["failed"] == 20 and counts["sent"] == 0
        rows = Notification.objects.filter(pk__in=pending)
        assert set(rows.values_list("status", flat=True)) == {Status.PENDING}
        assert set(rows.values_list("attempts", flat=True)) == {1}
        assert all(r.next_attempt_at > timezone.now() for r in rows)
        assert "SMTPServerDisconnected" in rows[0].last_error

    def test_sweeper_takes_what_is_due_and_moves_it_ahead(self, settings):
        subscriber()
        publish()
        outbox_dispatch()
        Notification.objects.update(next_attempt_at=timezone.now())
        assert sweep()["requeued"] == 1
        assert sweep()["requeued"] == 0
        row = Notification.objects.get(channel="email")
        assert row.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_grouped_rendering_is_the_message_build_email_makes():
    """The fast path (one MIME rendering per group, personal parts put in)
    gives the same message as rendering each one."""
    from portal.notifications import registry
    from portal.notifications.rendering import BodyCache, MimeCache

    people = [
        subscriber(language="ky", name="Айгүл <& Co>"),
        subscriber(language="ky"),
        subscriber(language="en"),
    ]
    people[1].user.full_name = 'Асан "Ө" Үсөнов'
    people[1].user.save()
    publish()
    outbox_dispatch()
    topic = registry.get("tender.published")
    mimes, bodies = MimeCache(), BodyCache()
    rows = Notification.objects.filter(channel="email").select_related(
        "recipient", "event"
    )
    for row in rows:
        context = topic.context(row.event.payload)
        # the unsubscribe link is signed with the second it is made: hold the clock
        with time_machine.travel(timezone.now(), tick=False):
            fast, slow = _fast_and_slow(mimes, bodies, row, topic, context)
        for header in ("To", "Subject", "Message-ID", "List-Unsubscribe", "From"):
            assert str(fast[header]).strip() == str(slow[header]).strip(), header
        for kind in ("plain", "html"):
            fast_body = fast.get_body((kind,)).get_content()
            slow_body = slow.get_body((kind,)).get_content()
            assert fast_body.replace("\r\n", "\n") == slow_body.replace("\r\n", "\n")
    assert len(mimes._groups) == 2  # ky and en


def _fast_and_slow(mimes, bodies, row, topic, context):
    from portal.notifications.rendering import build_email

    fast = email.message_from_bytes(
        mimes.raw(notification=row, topic=topic, context=context, bodies=bodies),
        policy=policy.default,
    )
    slow = email.message_from_bytes(
        build_email(notification=row, topic=topic, context=context, bodies=bodies)
        .message()
        .as_bytes(),
        policy=policy.default,
    )
    return fast, slow
