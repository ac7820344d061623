"""Weak passwords the penetration test got accepted, through the real forms."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from portal.accounts.models import User
from portal.accounts.validators import RepetitivePasswordValidator
from tests.accounts.factories import PASSWORD, UserFactory

WEAK = [
    " " * 8,  # accepted before, and then signed in
    " " * 16,
    "аааааааааа",  # ten Cyrillic а
    "аааааааааааааа",
    "zzzzzzzzzzzzzzzz",
    "aaaaaaaaaaaaaab1",  # mostly one character
    "password1234",  # in Django's list of common passwords
    "Short-1a",  # under twelve characters
]


class TestRepetitivePasswordValidator:
    @pytest.mark.parametrize(
        ("password", "code"),
        [
            ("\t   \n  ", "password_only_whitespace"),
            ("ыыыыыыыыыыыыы", "password_one_character"),
            ("1111111111112", "password_mostly_one_character"),
        ],
    )
    def test_refuses(self, password, code):
        with pytest.raises(ValidationError) as error:
            RepetitivePasswordValidator().validate(password)
        assert error.value.code == code

    @pytest.mark.parametrize(
        "password", [PASSWORD, "Kyrgyz-2026-strong", "Жалал-Абад 2026 ай"]
    )
    def test_accepts_ordinary_passphrases(self, password):
        RepetitivePasswordValidator().validate(password)


@pytest.mark.django_db
class TestWeakPasswordsAreRefused:
    @pytest.mark.parametrize("weak", WEAK)
    def test_signup_form(self, client, weak):
        response = client.post(
            "/en/accounts/signup/",
            {"email": "new@example.kg", "password1": weak, "password2": weak},
        )
        assert response.status_code == 200
        assert not User.objects.filter(email="new@example.kg").exists()

    def test_signup_says_why_in_kyrgyz(self, client):
        response = client.post(
            "/ky/accounts/signup/",
            {"email": "new@example.kg", "password1": " " * 12, "password2": " " * 12},
        )
        assert "Бул сырсөз боштуктардан гана турат." in response.content.decode()

    @pytest.mark.parametrize("weak", WEAK)
    def test_password_change_form(self, client, weak):
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            "/en/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": weak, "password2": weak},
        )
        assert response.status_code == 200
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        assert not user.check_password(weak)

    def test_strong_password_change_still_works(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            "/en/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "Issyk-Kul shore 2026",
                "password2": "Issyk-Kul shore 2026",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("Issyk-Kul shore 2026")

    @pytest.mark.parametrize("weak", WEAK)
    def test_validate_password_before_set_password(self, weak):
        with pytest.raises(ValidationError):
            validate_password(weak, user=UserFactory.build())
