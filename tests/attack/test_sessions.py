"""Passwords, lockout and sessions, as an attacker tries them: guessing behind
an address shared with honest colleagues, from many addresses, getting past a
lock; a planted session id, a stolen cookie after logout, after a password
change or after the account is disabled."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from portal.accounts.models import LoginThrottle
from tests.accounts.factories import PASSWORD, UserFactory

OFFICE = "203.0.113.40"  # one NAT address for a whole ayil okmotu
PROXY = "10.0.0.2"
NEW_PASSWORD = "another-long-passphrase-2026"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # dozens of attempts per test: the hasher's cost is not what is tested here
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(browser, email, password, *, remote=OFFICE, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = browser.post(
        "/en/accounts/login/", {"login": email, "password": password}, **extra
    )
    return response, "_auth_user_id" in browser.session


def signed_in(browser) -> bool:
    """Asked from the outside: the start page opens only to a signed-in user."""
    return browser.get("/en/me/", REMOTE_ADDR=OFFICE).status_code == 200


def with_cookie(session_key) -> Client:
    thief = Client()
    thief.cookies["sessionid"] = session_key
    return thief


@pytest.mark.django_db
class TestGuessingBehindASharedAddress:
    def test_an_attacker_on_the_office_address_does_not_lock_out_colleagues(
        self, settings
    ):
        """Everyone of an office leaves by one NAT address. A colleague who
        signed in from this browser before still gets in while one attacker
        on the same address has locked it; a stranger's browser does not."""
        colleague = UserFactory(email="colleague@ayil.kg")
        browser = Client()
        assert sign_in(browser, colleague.email, PASSWORD)[1]
        browser.post("/en/accounts/logout/", REMOTE_ADDR=OFFICE)
        assert not signed_in(browser)

        for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
            sign_in(Client(), f"user{i % 4}@ayil.kg", f"guess-{i}")
        assert LoginThrottle.objects.get(key=OFFICE).locked_until

        response, ok = sign_in(browser, colleague.email, PASSWORD)
        assert ok, response.content.decode()[:500]
        # the brake still holds for a browser that never signed in as her
        response, ok = sign_in(Client(), colleague.email, PASSWORD)
        assert not ok
        assert "from your network" in response.content.decode()

    def test_the_known_browser_does_not_open_another_account(self, settings):
        """The cookie of a known browser is for its own account only."""
        colleague = UserFactory(email="colleague@ayil.kg")
        other = UserFactory(email="other@ayil.kg")
        browser = Client()
        assert sign_in(browser, colleague.email, PASSWORD)[1]
        browser.post("/en/accounts/logout/", REMOTE_ADDR=OFFICE)
        # on a shared computer the cookie does not tell who signed in there
        from portal.accounts.security import KNOWN_BROWSER_COOKIE

        mark = browser.cookies[KNOWN_BROWSER_COOKIE].value
        assert "colleague" not in mark and "ayil" not in mark
        for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
            sign_in(Client(), f"user{i}@ayil.kg", "guess")
        assert not sign_in(browser, other.email, PASSWORD)[1]

    def test_a_known_browser_still_meets_the_account_lock(self, settings):
        user = UserFactory()
        browser = Client()
        assert sign_in(browser, user.email, PASSWORD)[1]
        browser.post("/en/accounts/logout/", REMOTE_ADDR=OFFICE)
        for i in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
            sign_in(Client(), user.email, f"guess-{i}", remote=f"198.51.100.{i}")
        response, ok = sign_in(browser, user.email, PASSWORD)
        assert not ok
        assert "locked" in response.content.decode()

    def test_a_forged_known_browser_cookie_is_refused(self, settings):
        from portal.accounts.security import KNOWN_BROWSER_COOKIE

        user = UserFactory(email="colleague@ayil.kg")
        for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
            sign_in(Client(), f"user{i}@ayil.kg", "guess")
        forger = Client()
        forger.cookies[KNOWN_BROWSER_COOKIE] = user.email
        assert not sign_in(forger, user.email, PASSWORD)[1]

    def test_many_proxied_addresses_against_one_account_lock_it(self, settings):
        """Rotating client addresses behind the trusted proxy: the account
        lock holds, and no address lock falls on the proxy itself."""
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        user = UserFactory()
        for i in range(3 * settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
            sign_in(Client(), user.email, "x", remote=PROXY, forwarded=f"192.0.2.{i}")
        _, ok = sign_in(
            Client(), user.email, PASSWORD, remote=PROXY, forwarded="192.0.2.200"
        )
        assert not ok
        assert not LoginThrottle.objects.filter(key=PROXY).exists()

    def test_the_locked_real_user_gets_in_by_email_link(self, settings):
        """Both brakes in force (account and office address): the link mailed
        to the user still signs in, and only from the mailbox's owner."""
        from portal.accounts.services import login_link_url

        user = UserFactory()
        for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
            sign_in(Client(), user.email, f"guess-{i}")
        assert LoginThrottle.objects.filter(locked_until__isnull=False).count() == 2
        browser = Client()
        link = login_link_url(user).split("://", 1)[1].split("/", 1)[1]
        response = browser.post(f"/{link}", REMOTE_ADDR=OFFICE)
        assert response.status_code == 302
        assert signed_in(browser)


@pytest.mark.django_db
class TestSessions:
    def test_a_planted_session_id_is_replaced_at_sign_in(self):
        """Session fixation: the id an attacker planted before sign-in is not
        the one that carries the signed-in user."""
        user = UserFactory()
        browser = Client()
        browser.get("/en/accounts/login/", REMOTE_ADDR=OFFICE)
        session = browser.session
        session["planted"] = True
        session.save()
        planted = session.session_key
        browser.cookies["sessionid"] = planted
        assert sign_in(browser, user.email, PASSWORD)[1]
        assert browser.cookies["sessionid"].value != planted
        assert not Session.objects.filter(session_key=planted).exists()
        assert not signed_in(with_cookie(planted))

    def test_logout_ends_the_session_for_a_stolen_cookie(self):
        user = UserFactory()
        browser = Client()
        sign_in(browser, user.email, PASSWORD)
        stolen = browser.cookies["sessionid"].value
        assert signed_in(with_cookie(stolen))
        browser.post("/en/accounts/logout/", REMOTE_ADDR=OFFICE)
        assert not signed_in(browser)
        assert not signed_in(with_cookie(stolen))
        assert not Session.objects.filter(session_key=stolen).exists()

    def test_a_password_change_ends_the_other_sessions(self):
        user = UserFactory()
        laptop, phone = Client(), Client()
        sign_in(laptop, user.email, PASSWORD)
        sign_in(phone, user.email, PASSWORD, remote="198.51.100.9")
        response = laptop.post(
            "/en/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
            REMOTE_ADDR=OFFICE,
        )
        assert response.status_code == 302, response.content.decode()[:500]
        assert signed_in(laptop)  # who changed it stays in
        assert not signed_in(phone)  # the other device (or a thief) is out

    def test_a_disabled_account_loses_its_open_session(self):
        user = UserFactory()
        browser = Client()
        sign_in(browser, user.email, PASSWORD)
        assert signed_in(browser)
        user.is_active = False
        user.save(update_fields=["is_active"])
        assert not signed_in(browser)
        # and cannot come back by password or by a link made before
        assert not sign_in(Client(), user.email, PASSWORD)[1]

    def test_a_password_reset_by_email_link_ends_every_session(self):
        """Whoever forgot the password (or fears a thief has it) resets it by
        the emailed link: every open session of the account ends, the thief's
        stolen cookie included."""
        from allauth.account.forms import default_token_generator
        from allauth.account.utils import user_pk_to_url_str

        user = UserFactory()
        laptop, thief = Client(), Client()
        sign_in(laptop, user.email, PASSWORD)
        sign_in(thief, user.email, PASSWORD, remote="198.51.100.9")
        assert signed_in(laptop) and signed_in(thief)
        user.refresh_from_db()  # the token covers the last sign-in
        link = (
            f"/en/accounts/password/reset/key/{user_pk_to_url_str(user)}-"
            f"{default_token_generator.make_token(user)}/"
        )
        reset = Client()  # the link opened in another browser, signed out
        form = reset.get(link, follow=True)
        assert form.status_code == 200 and not form.context.get("token_fail")
        done = reset.post(
            form.redirect_chain[-1][0],
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert done.status_code == 302, done.content.decode()[:500]
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        assert not signed_in(laptop)
        assert not signed_in(thief)
