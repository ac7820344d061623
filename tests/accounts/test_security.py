"""Password guessing as the penetration test did it: through a shared reverse
proxy, with forged X-Forwarded-For, from several addresses, and by hammering a
locked account."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.utils import timezone

from portal.accounts.models import LoginThrottle
from portal.accounts.security import client_address, delete_stale_throttles
from tests.accounts.factories import PASSWORD, AcademyAdminFactory, UserFactory

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # dozens of attempts per test: the hasher's cost is not what is tested here
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(email, password, *, remote="203.0.113.10", forwarded=None, lang="en"):
    """One sign-in attempt from a fresh browser; returns (response, signed_in)."""
    client = Client()
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post(
        f"/{lang}/accounts/login/", {"login": email, "password": password}, **extra
    )
    return response, "_auth_user_id" in client.session


class TestClientAddress:
    def request(self, remote, forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    def test_forged_header_is_ignored_without_trusted_proxies(self, settings):
        settings.TRUSTED_PROXIES = []
        assert client_address(self.request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"

    def test_header_from_an_untrusted_peer_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        assert client_address(self.request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"

    def test_right_most_untrusted_hop_behind_a_trusted_proxy(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
        forged_then_real = "1.2.3.4, 198.51.100.7, 10.0.0.3"
        assert client_address(self.request(PROXY, forged_then_real)) == "198.51.100.7"
        assert client_address(self.request("192.0.2.1", "2001:db8::1")) == (
            "2001:db8::1"
        )

    def test_garbage_hop_stops_at_the_last_trusted_one(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        assert client_address(self.request(PROXY, "nonsense, 10.0.0.3")) == "10.0.0.3"
        assert client_address(self.request(PROXY, "")) == PROXY


@pytest.mark.django_db
class TestThrottle:
    def test_junk_through_a_shared_proxy_locks_the_account_not_the_proxy(
        self, settings
    ):
        """(a) 30 junk logins against the administrator's email, all through one
        proxy, each with its own client address."""
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        admin = AcademyAdminFactory(email="admin@bazhba.kg")
        colleague = UserFactory(email="colleague@bazhba.kg")
        for i in range(30):
            sign_in(admin.email, f"junk-{i}", remote=PROXY, forwarded=f"198.51.100.{i}")

        response, signed_in = sign_in(
            admin.email, PASSWORD, remote=PROXY, forwarded="198.51.100.200"
        )
        assert not signed_in
        assert "locked" in response.content.decode()
        # the proxy's own address was never counted, so colleagues get in
        assert not LoginThrottle.objects.filter(key=PROXY).exists()
        _, signed_in = sign_in(
            colleague.email, PASSWORD, remote=PROXY, forwarded="192.0.2.50"
        )
        assert signed_in

    def test_forged_forwarded_for_does_not_escape_the_address_brake(self, settings):
        """(b) Without trusted proxies a rotating X-Forwarded-For changes nothing:
        the address is REMOTE_ADDR, and it is braked."""
        settings.TRUSTED_PROXIES = []
        victim = UserFactory()
        for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
            sign_in(f"guess{i}@example.kg", "x", forwarded=f"198.51.100.{i}")
        assert LoginThrottle.objects.get(key="203.0.113.10").locked_until
        _, signed_in = sign_in(victim.email, PASSWORD, forwarded="198.51.100.250")
        assert not signed_in

    def test_guesses_from_several_addresses_lock_the_account(self):
        """(c) 20 guesses from 5 addresses: the account locks at its limit, and
        then even the right password is refused."""
        user = UserFactory(email="target@example.kg")
        for i in range(20):
            sign_in(user.email, f"guess-{i}", remote=f"203.0.113.{i % 5 + 1}")
        lock = LoginThrottle.objects.get(
            scope=LoginThrottle.Scope.ACCOUNT, key=user.email
        )
        assert lock.failures == 5
        response, signed_in = sign_in(user.email, PASSWORD, remote="203.0.113.99")
        assert not signed_in
        assert "Bishkek time" in response.content.decode()

    def test_hammering_a_locked_account_does_not_extend_the_lock(self, settings):
        """(d) The cool-off runs from the moment of locking, however many
        attempts come in between."""
        user = UserFactory()
        start = timezone.now()
        with time_machine.travel(start, tick=False) as traveller:
            for _ in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
                sign_in(user.email, "wrong")
            locked_at = timezone.now()
            for minute in (1, 5, 10, 14):
                traveller.move_to(locked_at + timedelta(minutes=minute))
                sign_in(user.email, "wrong", remote=f"198.51.100.{minute}")
                _, signed_in = sign_in(user.email, PASSWORD)
                assert not signed_in
            traveller.move_to(
                locked_at + timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES, seconds=1)
            )
            _, signed_in = sign_in(user.email, PASSWORD)
        assert signed_in

    def test_one_address_guessing_many_accounts_is_braked(self, settings):
        """(e) One failure on each of many accounts locks no account, but the
        address is refused for everyone, while other addresses are not."""
        user = UserFactory()
        for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
            sign_in(f"user{i}@spray.kg", "Summer2026!")
        assert not LoginThrottle.objects.filter(
            scope=LoginThrottle.Scope.ACCOUNT, locked_until__isnull=False
        ).exists()
        response, signed_in = sign_in(user.email, PASSWORD)
        assert not signed_in
        assert "from your network" in response.content.decode()
        _, signed_in = sign_in(user.email, PASSWORD, remote="203.0.113.77")
        assert signed_in

    def test_success_resets_the_account_but_not_the_address(self, settings):
        user = UserFactory()
        for _ in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT - 1):
            sign_in(user.email, "wrong")
        _, signed_in = sign_in(user.email, PASSWORD)
        assert signed_in
        assert not LoginThrottle.objects.filter(key=user.email).exists()
        address = LoginThrottle.objects.get(key="203.0.113.10")
        assert address.failures == settings.LOGIN_ACCOUNT_FAILURE_LIMIT - 1

    def test_admin_login_is_refused_while_locked(self, client, settings):
        admin = AcademyAdminFactory()
        for _ in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
            sign_in(admin.email, "wrong")
        response = client.post(
            "/en/admin/login/", {"username": admin.email, "password": PASSWORD}
        )
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        # the admin's form says why, as the portal's does
        assert "locked until" in response.content.decode()

    @pytest.mark.parametrize(
        "url, field, counted",
        # the portal's form refuses it before any attempt; the admin's counts it
        [("/en/admin/login/", "username", 1), ("/en/accounts/login/", "login", 0)],
    )
    def test_a_login_longer_than_any_email_is_a_plain_failure(
        self, url, field, counted
    ):
        # found by the form fuzzing (tests/attack/test_fuzz_forms.py): the
        # admin's form does not bound the typed login, and the throttle's key
        # column is 254 characters: the attempt was a 500
        long_login = "ңөү" * 100 + "@example.kg"
        response = Client().post(url, {field: long_login, "password": "x"})
        assert response.status_code == 200
        assert LoginThrottle.objects.filter(scope="account").count() == counted

    def test_email_is_counted_case_insensitively(self, settings):
        user = UserFactory(email="mixed@example.kg")
        for i in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
            sign_in("MIXED@example.kg" if i % 2 else " mixed@Example.kg ", "wrong")
        _, signed_in = sign_in(user.email, PASSWORD)
        assert not signed_in

    def test_daily_housekeeping_deletes_only_rows_that_mean_nothing(self, settings):
        now = timezone.now()
        old = now - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES + 1)
        LoginThrottle.objects.create(scope="account", key="old", window_started_at=old)
        LoginThrottle.objects.create(
            scope="account",
            key="locked",
            window_started_at=old,
            locked_until=now + timedelta(minutes=1),
        )
        LoginThrottle.objects.create(scope="address", key="new", window_started_at=now)
        assert delete_stale_throttles() == 1
        assert set(LoginThrottle.objects.values_list("key", flat=True)) == {
            "locked",
            "new",
        }
