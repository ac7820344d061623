"""The portal's emails name the portal, link to the address it runs at, and
are written in the language the recipient chose, whatever language the page
that caused them was read in. Delivered over SMTP (aiosmtpd) by the outbox."""

import email
from email.header import decode_header, make_header

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.utils import translation

from portal.localservices.run import run_environment
from portal.outbox.services import outbox_dispatch
from tests.accounts.factories import UserFactory
from tests.portal.test_outbox import smtp_server  # noqa: F401  (fixture)

SIGNUP = {
    "signup_as": "consultant",
    "full_name": "Асель Токтогулова",
    "email": "ngo@example.kg",
    "password1": "Kyrgyz-2026-strong",
    "password2": "Kyrgyz-2026-strong",
}


def delivered(inbox) -> list[tuple[str, str]]:
    """(subject, text of every part) of each delivered message."""
    out = []
    for envelope in inbox.messages:
        message = email.message_from_bytes(envelope.content)
        text = "\n".join(
            part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
            for part in message.walk()
            if not part.is_multipart()
        )
        out.append((str(make_header(decode_header(message["Subject"]))), text))
    return out


@pytest.mark.django_db
class TestSignupConfirmation:
    @pytest.mark.parametrize(
        ("language", "greeting"),
        [
            ("ky", "Бул кат БАЖБА порталынан."),
            ("ru", "Это письмо с портала БАЖБА."),
            ("en", "Hello from BAZhBA!"),
        ],
    )
    def test_names_the_portal_in_the_signup_language(
        self,
        client,
        language,
        greeting,
        smtp_server,  # noqa: F811
    ):
        assert client.post(f"/{language}/accounts/signup/", SIGNUP).status_code == 302
        assert outbox_dispatch() >= 1
        [(subject, text)] = delivered(smtp_server)
        assert greeting in text
        assert "  порталынан" not in text and "портала ." not in text
        assert subject.startswith(f"[{'BAZhBA' if language == 'en' else 'БАЖБА'}] ")

    def test_links_follow_the_configured_site_url(
        self,
        client,
        settings,
        smtp_server,  # noqa: F811
    ):
        settings.PORTAL_SITE_URL = "http://127.0.0.1:8123"
        client.post("/ky/accounts/signup/", SIGNUP)
        outbox_dispatch()
        [(_subject, text)] = delivered(smtp_server)
        assert "http://127.0.0.1:8123/ky/accounts/confirm-email/" in text
        assert ":8000" not in text


class TestMakeRunSiteUrl:
    def test_follows_the_port_make_run_serves(self, tmp_path):
        env = run_environment({"PORT": "8123"}, port=8123, state=tmp_path)
        assert env["PORTAL_SITE_URL"] == "http://127.0.0.1:8123"

    def test_keeps_a_configured_address(self, tmp_path):
        env = run_environment(
            {"PORTAL_SITE_URL": "https://portal.example.kg"}, port=8123, state=tmp_path
        )
        assert env["PORTAL_SITE_URL"] == "https://portal.example.kg"


@pytest.mark.django_db
class TestEmailLanguage:
    def test_account_page_offers_the_choice(self, client_for):
        user = UserFactory(preferred_language="ky")
        page = client_for(user).get("/ru/me/")
        assert page.status_code == 200
        assert 'name="preferred_language"' in page.content.decode()

    def test_choice_is_saved(self, client_for):
        user = UserFactory(preferred_language="ky")
        response = client_for(user).post(
            "/ky/me/email-language/", {"preferred_language": "ru"}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.preferred_language == "ru"

    def test_unknown_language_is_refused_and_changes_nothing(self, client_for):
        user = UserFactory(preferred_language="ky")
        response = client_for(user).post(
            "/ru/me/email-language/", {"preferred_language": "de"}
        )
        assert response.status_code == 400
        assert "error-summary" in response.content.decode()
        user.refresh_from_db()
        assert user.preferred_language == "ky"

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.post("/ky/me/email-language/", {"preferred_language": "ru"})
        assert response.status_code == 302 and "/accounts/login/" in response.url

    def test_signup_sets_the_language_of_the_page(self, client):
        client.post("/ru/accounts/signup/", SIGNUP)
        from portal.accounts.models import User

        assert User.objects.get(email="ngo@example.kg").preferred_language == "ru"

    def test_allauth_emails_follow_the_recipient_not_the_page(
        self,
        rf,
        smtp_server,  # noqa: F811
    ):
        # an allauth notice caused on a Russian page, to an owner who reads
        # email in English
        UserFactory(email="owner@example.kg", preferred_language="en")
        request = rf.get("/ru/accounts/password/change/")
        with request_context(request), translation.override("ru"):
            get_adapter(request).send_mail(
                "account/email/password_changed", "owner@example.kg", {}
            )
        outbox_dispatch()
        [(subject, text)] = delivered(smtp_server)
        assert subject == "[BAZhBA] Password Changed"
        assert "Hello from BAZhBA!" in text
        assert "Здравствуйте" not in text

    def test_password_reset_follows_the_changed_choice(
        self,
        client,
        client_for,
        smtp_server,  # noqa: F811
    ):
        user = UserFactory(email="reader@example.kg", preferred_language="ky")
        client_for(user).post("/ky/me/email-language/", {"preferred_language": "ru"})
        client.post("/ky/accounts/password/reset/", {"email": "reader@example.kg"})
        outbox_dispatch()
        [(_subject, text)] = delivered(smtp_server)
        assert "Это письмо с портала БАЖБА." in text
