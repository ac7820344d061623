"""Sign-up asks who the person is, and the next page follows the answer."""

import pytest

from portal.accounts.models import User

PASSWORD = "Kyrgyz-2026-strong"


def sign_up(client, **fields):
    data = {
        "email": "new@example.kg",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Айгүл Сатыбалдиева",
        **fields,
    }
    return client.post("/ky/accounts/signup/", data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "next_page"),
    [
        ("municipal_staff", "/ky/municipalities/join/"),
        ("consultant", "/ky/consultants/apply/"),
    ],
)
def test_the_answer_decides_the_next_page(client, answer, next_page):
    response = sign_up(client, signup_as=answer)
    assert response.status_code == 302
    assert response["Location"] == next_page
    user = User.objects.get(email="new@example.kg")
    # nobody gets a role by saying who they are
    assert (user.role, user.full_name) == ("", "Айгүл Сатыбалдиева")


@pytest.mark.django_db
def test_the_question_must_be_answered(client):
    response = sign_up(client)
    assert response.status_code == 200
    assert "signup_as" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_form_asks_in_kyrgyz(client):
    page = client.get("/ky/accounts/signup/").content.decode()
    assert 'name="signup_as"' in page
    assert 'value="municipal_staff"' in page
