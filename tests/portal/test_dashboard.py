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


@pytest.mark.django_db
def test_municipal_staff_see_their_municipality_from_its_panel(
    client_for, municipal_staff
):
    municipality = municipal_staff.staff_membership.municipality
    body = client_for(municipal_staff).get("/ky/me/").content.decode()
    assert str(municipality) in body


@pytest.mark.django_db
def test_the_panels_add_no_query_but_the_coordinators_regions(
    client_for, coordinator, django_assert_max_num_queries
):
    client = client_for(coordinator)
    # session, user, the coordinator's regions, the unread count (base.html)
    with django_assert_max_num_queries(4):
        assert client.get("/ky/me/").status_code == 200
