import pytest

from tests.accounts.factories import UserFactory


@pytest.mark.django_db
def test_academy_admin_cannot_make_anyone_superuser(client_for, academy_admin):
    target = UserFactory(role="consultant")
    client = client_for(academy_admin)
    url = f"/en/admin/accounts/user/{target.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    response = client.post(
        url,
        {
            "email": target.email,
            "full_name": "Changed",
            "role": "coordinator",
            "preferred_language": "ky",
            "is_active": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.full_name == "Changed"
    assert target.is_superuser is False


@pytest.mark.django_db
def test_superuser_can(client_for, django_user_model):
    root = django_user_model.objects.create_superuser("root@example.kg", "x-Strong-1")
    page = client_for(root).get(f"/en/admin/accounts/user/{root.pk}/change/")
    assert 'name="is_superuser"' in page.content.decode()
