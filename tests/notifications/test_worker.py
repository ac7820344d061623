"""Delivery with the real parts: a Celery worker process on Redis, an SMTP
server on loopback (aiosmtpd), PostgreSQL. Publishing a tender that matches
300 consultants delivers exactly 300 emails; a worker killed with SIGKILL in
the middle and started again delivers every one with at most one duplicate;
Redis stopped while the tender is published, then started again: every
notification still arrives once."""

import asyncio
import email
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from portal.celery import app as celery_app
from portal.localservices import Redis, free_port
from portal.notifications.models import Channel, Notification, Preferences, Status
from portal.notifications.services import sweep
from portal.outbox import tasks as outbox_tasks
from procurement import services
from tests.notifications.helpers import bulk_subscribers
from tests.procurement.factories import TenderFactory

pytestmark = [
    pytest.mark.slow,
    # the worker is another process: it sees only committed rows
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TIMEOUT = 180


class SlowInbox:
    """An SMTP server's mailbox that takes `delay` seconds per message, so a
    batch lasts long enough to kill the worker in its middle."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(envelope)
        return "250 OK"

    def recipients(self):
        return [rcpt for m in self.messages for rcpt in m.rcpt_tos]


@contextmanager
def smtp(delay=0.0):
    inbox = SlowInbox(delay)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def worker_env(smtp_port, broker_url=None):
    env = dict(os.environ)
    db = django_settings.DATABASES["default"]
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    env["EMAIL_HOST"] = "127.0.0.1"
    env["EMAIL_PORT"] = str(smtp_port)
    env["NOTIFICATIONS_BATCH_SIZE"] = "25"
    env["NOTIFICATIONS_SWEEP_SECONDS"] = "2"
    env["NOTIFICATIONS_RESEND_AFTER_SECONDS"] = "3"
    if broker_url:
        env["REDIS_URL"] = broker_url
        env["CELERY_BROKER_URL"] = broker_url
    return env


def start(kind, env, tmp_path=None):
    command = [sys.executable, "-m", "celery", "-A", "portal"]
    if kind == "worker":
        command += [
            "worker", "--pool=prefork", "--concurrency=1", "-l", "warning",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
    else:
        command += ["beat", "-l", "warning", "--schedule", str(tmp_path / "beat")]
    # its own process group: SIGKILL reaches the pool child too, as when a
    # machine or container dies
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(process, sig=signal.SIGTERM):
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_for(condition, timeout=TIMEOUT, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def publish(tender):
    with transaction.atomic():
        services.tender_publish(tender=tender, by=None)


def test_300_matching_consultants_get_exactly_300_emails():
    users = bulk_subscribers(300)
    tender = TenderFactory()
    with smtp() as (inbox, port):
        worker = start("worker", worker_env(port))
        try:
            publish(tender)
            assert wait_for(lambda: len(inbox.messages) >= 300), len(inbox.messages)
            time.sleep(2)  # nothing more comes
        finally:
            stop(worker)
    assert Counter(inbox.recipients()) == Counter(u.email for u in users)
    by_address = {u.email: u for u in users}
    subjects = {"ky": "Жаңы тендер", "ru": "Новый тендер", "en": "New tender"}
    for envelope in inbox.messages:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        user = by_address[envelope.rcpt_tos[0]]
        assert message["Subject"].strip().startswith(subjects[user.preferred_language])
        assert message["Content-Language"] == user.preferred_language
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        not Notification.objects.filter(channel=Channel.EMAIL)
        .exclude(status=Status.SENT)
        .exists()
    )
    assert Notification.objects.filter(channel=Channel.IN_APP).count() == 300
    # a List-Unsubscribe header works as RFC 8058 says: a POST, no cookies
    message = email.message_from_bytes(inbox.messages[0].content, policy=policy.default)
    link = "".join(message["List-Unsubscribe"].split()).strip("<>")
    path = link.removeprefix(django_settings.PORTAL_SITE_URL.rstrip("/"))
    response = Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    unsubscribed = by_address[inbox.messages[0].rcpt_tos[0]]
    assert Preferences.objects.get(user=unsubscribed).email_alerts is False


def test_a_worker_killed_in_the_middle_delivers_all_with_at_most_one_duplicate():
    users = bulk_subscribers(300)
    tender = TenderFactory()
    with smtp(delay=0.01) as (inbox, port):
        env = worker_env(port)
        first = start("worker", env)
        try:
            publish(tender)
            assert wait_for(lambda: len(inbox.messages) >= 60, step=0.02)
        finally:
            stop(first, signal.SIGKILL)
        sent_before = len(inbox.messages)
        assert sent_before < 300, "the kill came too late to test anything"
        second = start("worker", env)
        try:
            # beat's sweeper, once the rows of the killed batch are overdue
            sweep(now=timezone.now() + timedelta(minutes=5))
            assert wait_for(lambda: len(set(inbox.recipients())) >= 300)
            time.sleep(3)
        finally:
            stop(second)
    counts = Counter(inbox.recipients())
    assert set(counts) == {u.email for u in users}
    duplicates = sum(n - 1 for n in counts.values())
    assert duplicates <= 1, counts.most_common(3)
    assert (
        Notification.objects.filter(channel=Channel.EMAIL, status=Status.SENT).count()
        == 300
    )


def test_redis_stopped_at_publication_every_notification_arrives_once(tmp_path):
    users = bulk_subscribers(40)
    tender = TenderFactory()
    redis = Redis(tmp_path / "redis", free_port(), persist=False)
    redis.start()
    old_broker = celery_app.conf.broker_url

    def point_celery_at(url):
        celery_app.conf.broker_url = url
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        outbox_tasks._kick_paused_until = 0.0

    point_celery_at(redis.url)
    with smtp() as (inbox, port):
        env = worker_env(port, broker_url=redis.url)
        worker = start("worker", env)
        beat = start("beat", env, tmp_path)
        try:
            time.sleep(3)
            redis.stop()
            started = time.monotonic()
            publish(tender)  # the kick after commit finds no broker
            assert time.monotonic() - started < 20
            time.sleep(2)
            assert inbox.messages == []
            redis.start()
            assert wait_for(lambda: len(inbox.messages) >= 40)
            time.sleep(5)  # the sweeper runs again meanwhile: nothing twice
        finally:
            stop(beat)
            stop(worker)
            redis.stop()
            point_celery_at(old_broker)
    assert Counter(inbox.recipients()) == Counter(u.email for u in users)
