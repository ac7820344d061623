import pytest
from django.core import mail

from portal.outbox.models import Event
from portal.outbox.services import outbox_dispatch
from tests.accounts.factories import PASSWORD, UserFactory


@pytest.mark.django_db
class TestSignIn:
    def test_sign_in_by_email(self, client):
        user = UserFactory(email="person@example.kg")
        response = client.post(
            "/ky/accounts/login/", {"login": "PERSON@example.kg", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_lockout_after_repeated_failures_in_users_language(self, client, settings):
        UserFactory(email="target@example.kg")
        for _ in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
            client.post(
                "/ru/accounts/login/",
                {"login": "target@example.kg", "password": "wrong"},
            )
        response = client.post(
            "/ru/accounts/login/", {"login": "target@example.kg", "password": PASSWORD}
        )
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        page = response.content.decode()
        assert "Слишком много неудачных попыток входа" in page
        assert "по времени Бишкека" in page
        assert "/ru/me/sign-in-link/?email=target%40example.kg" in page

    def test_password_reset_email_goes_through_the_outbox(
        self, client, django_capture_on_commit_callbacks
    ):
        UserFactory(email="forgot@example.kg")
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(
                "/ky/accounts/password/reset/", {"email": "forgot@example.kg"}
            )
        assert response.status_code == 302
        assert Event.objects.filter(topic="account.email").count() == 1
        assert outbox_dispatch() == 1
        assert mail.outbox[0].to == ["forgot@example.kg"]
        assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_signup_remembers_the_language_and_leads_to_the_application(client):
    from portal.accounts.models import User

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
    assert response["Location"] == "/ru/consultants/apply/"
    user = User.objects.get(email="ngo@example.kg")
    assert (user.preferred_language, user.full_name, user.role) == (
        "ru",
        "Асель Токтогулова",
        "",
    )
