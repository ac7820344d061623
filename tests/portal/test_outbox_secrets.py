"""The outbox never holds a working password-reset or email-confirmation link:
an attacker who reads the outbox table (a backup, a read-only SQL account, an
injection) gets nothing that resets a password or confirms an address."""

import email
import re
import time
from datetime import timedelta

import pytest
import time_machine
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.db import connection
from django.utils import timezone

from portal.accounts.emails import SecretInOutbox
from portal.outbox.models import Event
from portal.outbox.services import outbox_dispatch
from portal.outbox.tasks import daily
from tests.accounts.factories import UserFactory
from tests.portal.test_outbox import smtp_server  # noqa: F401  (fixture)

NEW_PASSWORD = "Ala-Too-2026-summit"
LINK = re.compile(r"https?://\S+")


def outbox_table_text() -> str:
    """Every column of every outbox row, as an attacker with SQL access reads it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM outbox_event")
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def delivered_text(inbox) -> str:
    assert len(inbox.messages) == 1
    message = email.message_from_bytes(inbox.messages[0].content)
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in message.walk()
        if not part.is_multipart()
    )


def link_in(text: str, fragment: str) -> str:
    links = [u for u in LINK.findall(text) if fragment in u]
    assert links, text
    return links[0]


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def reset_requested(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgot@example.kg", preferred_language="ru")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            "/ky/accounts/password/reset/", {"email": "forgot@example.kg"}
        )
    assert response.status_code == 302
    return user


def set_new_password(client, reset_url):
    """Follow the link from the email as a person would; returns the page the
    link led to (allauth moves the key into the session, then shows a form)."""
    page = client.get(path_of(reset_url), follow=True)
    if page.context.get("token_fail"):
        return page
    return client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else path_of(reset_url),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )


@pytest.mark.django_db
class TestPasswordResetThroughTheOutbox:
    def test_outbox_table_holds_no_reset_link_or_key(
        self,
        reset_requested,
        smtp_server,  # noqa: F811
    ):
        stored = outbox_table_text()
        assert outbox_dispatch() == 1
        reset_url = link_in(delivered_text(smtp_server), "/password/reset/key/")
        uidb36_key = reset_url.rstrip("/").rsplit("/", 1)[1]
        uidb36, key = uidb36_key.split("-", 1)
        after_delivery = outbox_table_text()
        for text in (stored, after_delivery):
            assert "/password/reset/key/" not in text
            assert uidb36_key not in text
            assert key not in text
            assert reset_url not in text

    def test_delivered_link_sets_a_new_password_once(
        self,
        client,
        reset_requested,
        smtp_server,  # noqa: F811
    ):
        outbox_dispatch()
        text = delivered_text(smtp_server)
        # written in the recipient's language, though asked for on a Kyrgyz page
        assert "/ru/accounts/password/reset/key/" in text
        reset_url = link_in(text, "/password/reset/key/")

        done = set_new_password(client, reset_url)
        assert done.status_code == 200
        reset_requested.refresh_from_db()
        assert reset_requested.check_password(NEW_PASSWORD)

        # the token covers the password hash: once used, the link is dead
        again = client.get(path_of(reset_url), follow=True)
        assert again.context["token_fail"] is True

    def test_link_older_than_the_timeout_is_refused(
        self,
        client,
        settings,
        reset_requested,
        smtp_server,  # noqa: F811
    ):
        outbox_dispatch()
        reset_url = link_in(delivered_text(smtp_server), "/password/reset/key/")
        # a timestamp, not an aware datetime: time-machine would otherwise also
        # switch the local zone, and Django's token counts in local time
        later = time.time() + settings.PASSWORD_RESET_TIMEOUT + 60
        with time_machine.travel(later, tick=False):
            page = client.get(path_of(reset_url), follow=True)
        assert page.context["token_fail"] is True
        reset_requested.refresh_from_db()
        assert not reset_requested.check_password(NEW_PASSWORD)

    def test_reset_timeout_defaults_to_an_hour(self, settings):
        assert settings.PASSWORD_RESET_TIMEOUT == 3600

    def test_address_that_changed_hands_gets_no_link(
        self,
        reset_requested,
        smtp_server,  # noqa: F811
    ):
        reset_requested.email = "new-owner@example.kg"
        reset_requested.save()
        EmailAddress.objects.filter(user=reset_requested).delete()
        assert outbox_dispatch() == 1
        assert smtp_server.messages == []


@pytest.mark.django_db
def test_signup_confirmation_email_keeps_its_key_out_of_the_outbox(
    client,
    settings,
    django_capture_on_commit_callbacks,
    smtp_server,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            "/ru/accounts/signup/",
            {
                "signup_as": "consultant",
                "full_name": "Асель Токтогулова",
                "email": "ngo@example.kg",
                "password1": "Kyrgyz-2026-strong",
                "password2": "Kyrgyz-2026-strong",
            },
        )
    assert response.status_code == 302
    stored = outbox_table_text()
    assert "/accounts/confirm-email/" not in stored

    assert outbox_dispatch() >= 1
    activate_url = link_in(delivered_text(smtp_server), "/confirm-email/")
    key = activate_url.rstrip("/").rsplit("/", 1)[1]
    assert key not in stored
    assert key not in outbox_table_text()

    client.post(path_of(activate_url))
    assert EmailAddress.objects.get(email="ngo@example.kg").verified is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "context"),
    [
        ("account/email/login_code", {"code": "QX7-PL2"}),
        ("account/email/password_reset_code", {"code": "QX7-PL2"}),
        ("custom/email/anything", {"password_reset_url": "https://x/key/1-abc/"}),
    ],
)
def test_an_email_with_a_secret_in_its_context_is_not_stored(template, context, rf):
    with pytest.raises(SecretInOutbox):
        get_adapter(rf.get("/")).send_mail(template, "someone@example.kg", context)
    assert not Event.objects.exists()


@pytest.mark.django_db
class TestRetention:
    def event(self, *, dispatched_days_ago=None, dead_days_ago=None):
        now = timezone.now()
        event = Event.objects.create(topic="email.send", payload={"body": "private"})
        if dispatched_days_ago is not None:
            event.dispatched_at = now - timedelta(days=dispatched_days_ago)
        if dead_days_ago is not None:
            event.dead = True
            event.available_at = now - timedelta(days=dead_days_ago)
        event.save()
        return event

    def test_daily_task_blanks_old_payloads_and_keeps_recent_ones(self, settings):
        settings.OUTBOX_RETENTION_DAYS = 30
        old = self.event(dispatched_days_ago=31)
        recent = self.event(dispatched_days_ago=29)
        old_dead = self.event(dead_days_ago=31)
        recent_dead = self.event(dead_days_ago=2)
        pending = self.event()
        daily()
        for event in (old, recent, old_dead, recent_dead, pending):
            event.refresh_from_db()
        assert old.payload == {} and old_dead.payload == {}
        assert recent.payload == recent_dead.payload == pending.payload
        assert recent.payload == {"body": "private"}
        assert outbox_table_text().count("private") == 3

    def test_retention_follows_the_setting(self, settings):
        settings.OUTBOX_RETENTION_DAYS = 7
        event = self.event(dispatched_days_ago=8)
        daily()
        event.refresh_from_db()
        assert event.payload == {}
