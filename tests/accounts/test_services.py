"""Sign-in links by email: the real user gets in while guessers hold the
password lock, and the link cannot be replayed, outlived or read from the
outbox."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.accounts.models import LoginThrottle
from portal.accounts.services import LOGIN_LINK_TOPIC
from portal.outbox.models import Event
from portal.outbox.services import outbox_dispatch
from tests.accounts.factories import PASSWORD, UserFactory

LINK = re.compile(r"http://\S+/sign-in-link/[^/\s]+/[^/\s]+/")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def lock_out(email, settings):
    for i in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
        Client().post(
            "/en/accounts/login/",
            {"login": email, "password": f"guess-{i}"},
            REMOTE_ADDR=f"198.51.100.{i}",
        )
    assert LoginThrottle.objects.get(key=email).locked_until > timezone.now()


def request_link(email, lang="en"):
    return Client().post(f"/{lang}/me/sign-in-link/", {"email": email})


def mailed_link():
    """Deliver pending outbox events as the dispatcher does; the link mailed."""
    outbox_dispatch()
    return LINK.search(mail.outbox[-1].body).group(0)


@pytest.mark.django_db
class TestLoginLink:
    def test_locked_user_signs_in_by_link_once(self, settings):
        user = UserFactory(email="real@example.kg", preferred_language="ru")
        lock_out(user.email, settings)

        response = request_link("REAL@example.kg")
        assert response.status_code == 302
        event = Event.objects.get(topic=LOGIN_LINK_TOPIC)
        assert event.payload == {"user_id": user.pk}

        link = mailed_link()
        message = mail.outbox[-1]
        assert message.to == [user.email]
        assert "ссылка для входа" in message.subject  # the user's language
        assert "/ru/me/sign-in-link/" in link
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert token not in json.dumps(event.payload)

        browser = Client()
        confirm = browser.get(link)  # a GET (mail scanner) signs nobody in
        assert confirm.status_code == 200
        assert "_auth_user_id" not in browser.session
        assert 'method="post"' in confirm.content.decode()
        response = browser.post(link)
        assert response.status_code == 302
        assert browser.session["_auth_user_id"] == str(user.pk)
        # signing in by link lifts the account's password lock
        assert not LoginThrottle.objects.filter(key=user.email).exists()

        replay = Client()
        assert replay.post(link).status_code == 400
        assert "_auth_user_id" not in replay.session

    def test_expired_link_fails(self, settings):
        user = UserFactory()
        start = timezone.now()
        # the link is made and checked under the same travelling clock
        with time_machine.travel(start, tick=False) as traveller:
            request_link(user.email)
            link = mailed_link()
            traveller.move_to(
                start + timedelta(seconds=settings.LOGIN_LINK_TIMEOUT - 5)
            )
            assert Client().get(link).status_code == 200  # not yet expired
            traveller.move_to(
                start + timedelta(seconds=settings.LOGIN_LINK_TIMEOUT + 1)
            )
            browser = Client()
            assert browser.get(link).status_code == 400
            assert browser.post(link).status_code == 400
        assert "_auth_user_id" not in browser.session

    def test_unknown_email_gets_the_same_answer_and_no_email(self):
        UserFactory(email="known@example.kg")
        known = request_link("known@example.kg")
        unknown = request_link("nobody@example.kg")
        assert (unknown.status_code, unknown["Location"]) == (
            known.status_code,
            known["Location"],
        )
        assert Event.objects.filter(topic=LOGIN_LINK_TOPIC).count() == 1

    def test_inactive_account_gets_no_link(self):
        UserFactory(email="gone@example.kg", is_active=False)
        request_link("gone@example.kg")
        assert not Event.objects.filter(topic=LOGIN_LINK_TOPIC).exists()

    def test_links_per_account_are_limited(self):
        user = UserFactory()
        for _ in range(10):
            request_link(user.email)
        assert Event.objects.filter(topic=LOGIN_LINK_TOPIC).count() == 3

    def test_password_reset_token_is_not_a_sign_in_link(self):
        user = UserFactory()
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        browser = Client()
        response = browser.post(f"/en/me/sign-in-link/{uid}/{token}/")
        assert response.status_code == 400
        assert "_auth_user_id" not in browser.session

    def test_request_page_in_each_language(self):
        for lang, words in (
            ("ky", "Электрондук почта аркылуу"),
            ("ru", "Вход по ссылке"),
            ("en", "Sign in with a link by email"),
        ):
            page = Client().get(f"/{lang}/me/sign-in-link/?email=a@b.kg")
            assert words in page.content.decode()
            assert 'value="a@b.kg"' in page.content.decode()

    def test_password_still_works_after_the_link_flow(self):
        user = UserFactory()
        request_link(user.email)
        outbox_dispatch()
        response = Client().post(
            "/en/accounts/login/", {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302
