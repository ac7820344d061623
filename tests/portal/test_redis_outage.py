"""Redis stopped or frozen (SIGSTOP) must not stop people signing in, nor hang a
request on the Celery broker. Each test runs its own Redis, so the run's Redis
is never touched."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from portal.accounts.models import LoginThrottle
from portal.outbox import tasks
from portal.outbox.models import Event
from tests.accounts.factories import PASSWORD, UserFactory
from tests.attack import faultkit

# far below the 60 s hang the penetration test saw; well above a few timeouts
HANG_BOUND = 20


@pytest.fixture
def private_redis(tmp_path, settings):
    """A Redis of this test's own, with the cache and the Celery broker on it
    (the real settings, only the address changed)."""
    with faultkit.private_redis(tmp_path, settings) as redis:
        yield redis


def freeze(redis):
    redis.freeze()


def sign_in(email, password):
    client = Client()
    response = client.post(
        "/en/accounts/login/", {"login": email, "password": password}
    )
    return response, "_auth_user_id" in client.session


@pytest.mark.django_db
class TestRedisStopped:
    def test_sign_in_and_password_reset_answer_normally(self, private_redis):
        user = UserFactory()
        assert cache.set("warm", 1) is None and cache.get("warm") == 1
        private_redis.stop()

        response, signed_in = sign_in(user.email, PASSWORD)
        assert response.status_code == 302
        assert signed_in
        # the brake on guessing does not live in Redis: it still counts
        for _ in range(2):
            response, _signed_in = sign_in(user.email, "wrong")
            assert response.status_code == 200
        assert LoginThrottle.objects.get(key=user.email).failures == 2
        # allauth's rate-limited views answer too
        response = Client().post("/en/accounts/password/reset/", {"email": user.email})
        assert response.status_code == 302
        assert Event.objects.filter(topic="account.email").count() == 1

    def test_cache_answers_as_empty_and_opens_its_breaker(self, private_redis):
        private_redis.stop()
        assert cache.get("anything", "default") == "default"
        assert cache.add("lock", 1) is True
        assert cache.get_many(["a", "b"]) == {}
        with pytest.raises(ValueError):
            cache.incr("counter")
        assert cache.is_available() is False  # later calls skip Redis

    def test_healthz_names_redis(self, client, private_redis):
        private_redis.stop()
        cache.get("trip-the-breaker")
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["down"] == ["redis"]


@pytest.mark.slow
@pytest.mark.django_db
class TestRedisFrozen:
    def test_sign_in_does_not_hang(self, private_redis):
        user = UserFactory()
        freeze(private_redis)
        started = time.monotonic()
        response, signed_in = sign_in(user.email, PASSWORD)
        assert time.monotonic() - started < HANG_BOUND
        assert response.status_code == 302 and signed_in
        # one timeout opened the breaker: a burst of cache calls costs nothing
        started = time.monotonic()
        for i in range(20):
            cache.get(f"key-{i}")
        assert time.monotonic() - started < HANG_BOUND  # 20 timeouts would be 40 s

    def test_healthz_names_redis(self, client, private_redis):
        freeze(private_redis)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["down"] == ["redis"]


@pytest.mark.slow
# serialized rollback, as in test_outbox: a plain flush re-creates content types
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outbox_emit_and_commit_does_not_hang_on_a_frozen_broker(private_redis):
    """Event.emit in a committed transaction kicks the dispatcher through the
    broker; with the broker frozen the kick gives up within its socket timeout
    and the event stays for beat's periodic dispatch."""
    # a first kick opens the broker connection, as in a running web process
    tasks.kick()
    freeze(private_redis)
    errors = []

    def emit_and_commit():
        try:
            with transaction.atomic():
                Event.emit("email.send", {"to": ["a@example.kg"], "subject": "s"})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    request = threading.Thread(target=emit_and_commit, daemon=True)
    started = time.monotonic()
    request.start()
    request.join(timeout=HANG_BOUND)
    assert not request.is_alive(), "emit + commit hung on the frozen broker"
    assert time.monotonic() - started < HANG_BOUND
    assert errors == []
    assert Event.objects.pending().count() == 1
    # the failed kick pauses further kicks, so the next requests skip the broker
    assert tasks._kick_paused_until > time.monotonic()
