"""The outbox delivers events through real services: an SMTP server on
loopback and a Celery worker on the run's Redis."""

import os
import subprocess
import sys
import time

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

from portal.localservices import free_port
from portal.outbox.models import Event
from portal.outbox.services import outbox_dispatch


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    yield inbox
    controller.stop()


def email_payload(to="member@ngo.kg"):
    return {"to": [to], "subject": "Тест", "body": "Саламатсызбы, ө ү ң"}


@pytest.mark.django_db
class TestDispatch:
    def test_email_is_delivered_over_smtp(self, smtp_server):
        event = Event.emit("email.send", email_payload())
        assert outbox_dispatch() == 1
        event.refresh_from_db()
        assert event.dispatched_at is not None
        assert smtp_server.messages[0].rcpt_tos == ["member@ngo.kg"]
        assert "ө ү ң" in smtp_server.messages[0].content.decode(
            "utf-8", "replace"
        ) or (
            b"=D3=A9" in smtp_server.messages[0].content
            or b"0L" in smtp_server.messages[0].content
        )

    def test_failed_delivery_is_kept_and_retried_later(self, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = free_port()  # nobody listens
        settings.EMAIL_TIMEOUT = 1
        event = Event.emit("email.send", email_payload())
        assert outbox_dispatch() == 0
        event.refresh_from_db()
        assert event.dispatched_at is None
        assert event.attempts == 1
        assert "ConnectionRefused" in event.last_error
        assert event.available_at > event.created_at
        # not due yet: a second pass does not hammer the server
        assert outbox_dispatch() == 0
        event.refresh_from_db()
        assert event.attempts == 1

    def test_gives_up_after_max_attempts(self, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_PORT = free_port()
        settings.EMAIL_TIMEOUT = 1
        event = Event.emit("email.send", email_payload())
        Event.objects.filter(pk=event.pk).update(attempts=Event.MAX_ATTEMPTS - 1)
        outbox_dispatch()
        event.refresh_from_db()
        assert event.dead is True
        assert Event.objects.pending().filter(pk=event.pk).count() == 0


# serialized rollback: a plain flush re-creates content types, and a later test
# that restores the serialized data would then collide with them
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_celery_worker_dispatches_after_commit(smtp_server):
    """A real worker (separate process, real Redis) picks up the kick that
    Event.emit sends after commit, and delivers the email over SMTP."""
    env = dict(os.environ)
    db = django_settings.DATABASES["default"]
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    env["EMAIL_HOST"] = "127.0.0.1"
    env["EMAIL_PORT"] = str(django_settings.EMAIL_PORT)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "-l",
            "warning",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        Event.emit("email.send", email_payload("worker@ngo.kg"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not smtp_server.messages:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert [m.rcpt_tos for m in smtp_server.messages] == [["worker@ngo.kg"]]
    assert Event.objects.get().dispatched_at is not None


@pytest.mark.django_db
def test_kicks_are_coalesced_while_one_waits(django_capture_on_commit_callbacks):
    """Events committed while a kick is queued (its dispatch not started) ask
    for no other: the broker holds one dispatch, not one per event; once a
    dispatch starts, the next event kicks again."""
    import redis
    from django.core.cache import cache

    from portal.outbox import tasks

    broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    broker.delete("celery")
    tasks._kick_paused_until = 0.0
    cache.delete(tasks.KICK_PENDING_KEY)
    try:
        for _ in range(20):
            with django_capture_on_commit_callbacks(execute=True):
                Event.emit("email.send", email_payload())
        assert broker.llen("celery") == 1
        assert tasks.dispatch() == 20  # the queued dispatch, run here
        with django_capture_on_commit_callbacks(execute=True):
            Event.emit("email.send", email_payload())
        assert broker.llen("celery") == 2
    finally:
        broker.delete("celery")


def test_private_topics_are_named_to_the_outbox_by_the_notifications_app():
    """The outbox (a lower app) learns from notifications, through its hook,
    which events only their recipients may learn of."""
    from portal.notifications.registry import private_topics as registered
    from portal.outbox.handlers import private_topics

    assert "bid.receipt" in private_topics()
    assert private_topics() == set(registered())
