import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        ("academy_admin", ["/ky/consultants/applications/", "/ky/certificates/"], []),
        (
            "municipal_staff",
            ["/ky/tenders/mine/", "/ky/tenders/new/"],
            ["/ky/consultants/applications/"],
        ),
        (
            "consultant",
            ["/ky/trainings/mine/", "/ky/tenders/mine/"],
            ["/ky/tenders/new/"],
        ),
        ("coordinator", ["/ky/consultants/?region=KG-N"], ["/ky/tenders/new/"]),
    ],
)
def test_dashboard_links_by_role(request, client_for, role, expected, absent):
    user = request.getfixturevalue(role)
    user = getattr(user, "user", user)  # the consultant fixture is a profile
    body = client_for(user).get("/ky/me/").content.decode()
    for link in expected:
        assert f'href="{link}' in body
    for link in absent:
        assert f'href="{link}' not in body


def test_dashboard_needs_sign_in(client):
    response = client.get("/ky/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
