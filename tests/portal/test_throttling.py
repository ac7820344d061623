"""The API's throttles are in force: per client address for anonymous
requests (X-Forwarded-For only from a trusted proxy), per user when signed in,
and a stopped Redis turns them off instead of failing the API."""

import time

import pytest
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.portal.test_redis_outage import private_redis  # noqa: F401 (fixture)

URL = "/api/v1/tenders/"
RATE = 3


@pytest.fixture
def small_rates(settings):
    # DRF reloads api_settings on setting_changed; portal.throttling reads the
    # rates at each request
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": f"{RATE}/min", "user": f"{RATE}/min"},
    }


def _codes(client, n, **headers):
    return [client.get(URL, **headers).status_code for _ in range(n)]


@pytest.mark.django_db
class TestThrottling:
    def test_anonymous_client_is_refused_after_the_rate(self, small_rates):
        codes = _codes(Client(), RATE + 1)
        assert codes == [200] * RATE + [429]

    def test_signed_in_user_has_a_bucket_of_their_own(self, small_rates):
        assert _codes(Client(), RATE + 1)[-1] == 429  # the address is spent
        first, second = Client(), Client()
        first.force_login(UserFactory())
        second.force_login(UserFactory())
        assert _codes(first, RATE + 1) == [200] * RATE + [429]
        assert _codes(second, 1) == [200]

    def test_forged_forwarded_for_gets_no_new_bucket(self, small_rates):
        client = Client()
        codes = [
            client.get(URL, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
            for i in range(RATE + 1)
        ]
        assert codes[-1] == 429

    def test_clients_behind_a_trusted_proxy_count_apart(self, small_rates, settings):
        settings.TRUSTED_PROXIES = ["127.0.0.1"]
        client = Client(REMOTE_ADDR="127.0.0.1")
        spent = _codes(client, RATE + 1, HTTP_X_FORWARDED_FOR="203.0.113.7")
        assert spent[-1] == 429
        assert _codes(client, 1, HTTP_X_FORWARDED_FOR="203.0.113.8") == [200]


@pytest.mark.django_db
def test_stopped_redis_turns_throttling_off(small_rates, private_redis):  # noqa: F811
    private_redis.stop()
    started = time.monotonic()
    codes = _codes(Client(), RATE + 2)
    assert codes == [200] * (RATE + 2)
    assert time.monotonic() - started < 20  # no hang on the dead cache


@pytest.mark.django_db
class TestWindows:
    """Two counters a client, whatever the rate (portal.throttling): not a
    list of every request's time, read and written whole each request."""

    def _throttle(self, moment):
        from django.test import RequestFactory

        from portal.throttling import AnonThrottle

        throttle = AnonThrottle()
        throttle.timer = lambda: moment
        request = RequestFactory().get(URL, REMOTE_ADDR="198.51.100.9")
        from rest_framework.request import Request

        return throttle, Request(request)

    def _allowed(self, moment):
        throttle, request = self._throttle(moment)
        return throttle.allow_request(request, None), throttle

    def test_counts_in_windows_and_the_previous_one_fades(self, small_rates):
        from django.core.cache import cache

        start = 600_000 * 60.0  # a window's start
        assert [self._allowed(start + i)[0] for i in range(RATE + 1)] == [
            True
        ] * RATE + [False]
        allowed, throttle = self._allowed(start + 5)
        assert not allowed and throttle.wait() == pytest.approx(55)
        # what is kept: a counter, not a history
        assert cache.get(f"{throttle.key}:{int(start // 60)}") == RATE
        # early in the next window the previous one still counts almost
        # whole (2.95 of 3): one request more, not three
        assert [self._allowed(start + 61 + i / 10)[0] for i in range(2)] == [
            True,
            False,
        ]
        # 39 s into it, 0.35 of it (1.05) and this window's 1: one more
        late = start + 60 + 39
        assert [self._allowed(late + i / 10)[0] for i in range(2)] == [True, False]
        # a window later, the first one is forgotten
        assert self._allowed(start + 180)[0]

    def test_an_anonymous_request_is_counted_once(self, small_rates):
        """By the address (anon), not again in the "user" scope: one counter
        in the cache, one round trip."""
        from django.core.cache import cache

        from portal.throttling import UserThrottle

        allowed, throttle = self._allowed(600_000 * 60.0)
        assert allowed and cache.get(f"{throttle.key}:600000") == 1
        _, request = self._throttle(600_000 * 60.0)
        assert UserThrottle().get_cache_key(request, None) is None

    def test_refusals_are_not_counted(self, small_rates):
        from django.core.cache import cache

        start = 700_000 * 60.0
        for i in range(RATE + 5):
            allowed, throttle = self._allowed(start + i)
        assert not allowed
        assert cache.get(f"{throttle.key}:700000") == RATE
        redis = cache._cache.get_client(write=True)
        ttl = redis.ttl(cache.make_key(f"{throttle.key}:700000"))
        assert 110 < ttl <= 120  # two windows
