import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from portal.accounts.models import User
from tests.accounts.factories import (
    AcademyAdminFactory,
    ConsultantUserFactory,
    UserFactory,
)
from tests.adminforms import form_data, form_errors


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


# ---------------------------------------------------------------------------
# Penetration test: an academy administrator set a superuser's password through
# /admin/accounts/user/<id>/password/ and signed in as the superuser.

NEW_PASSWORD = "taken-Over-pass-2291"


def snapshot(*users):
    fields = ("password", "role", "is_superuser", "is_staff", "is_active", "email")
    return {
        u.pk: tuple(User.objects.filter(pk=u.pk).values_list(*fields).first() or ())
        for u in users
    }


@pytest.fixture
def privileged(db, django_user_model):
    root = django_user_model.objects.create_superuser("root@example.kg", "x-Strong-1")
    colleague = AcademyAdminFactory(email="colleague@example.kg")
    return root, colleague


def admin_urls(pk):
    return {
        "change": reverse("admin:accounts_user_change", args=[pk]),
        "password": reverse("admin:auth_user_password_change", args=[pk]),
        "delete": reverse("admin:accounts_user_delete", args=[pk]),
        "history": reverse("admin:accounts_user_history", args=[pk]),
    }


@pytest.mark.django_db
class TestAcademyAdminAndPrivilegedAccounts:
    def test_changelist_hides_superusers_and_academy_admins(
        self, client_for, academy_admin, privileged
    ):
        root, colleague = privileged
        other = ConsultantUserFactory()
        url = reverse("admin:accounts_user_changelist")
        for query in ("", "?is_superuser__exact=1", "?role__exact=academy_admin"):
            body = client_for(academy_admin).get(url + query).content.decode()
            assert root.email not in body and colleague.email not in body
        assert other.email in client_for(academy_admin).get(url).content.decode()

    @pytest.mark.parametrize("which", ["root", "colleague"])
    def test_every_page_about_them_is_refused(
        self, client_for, academy_admin, privileged, which
    ):
        target = dict(zip(["root", "colleague"], privileged, strict=True))[which]
        before = snapshot(target)
        client = client_for(academy_admin)
        urls = admin_urls(target.pk)
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code in (302, 403, 404), name
            if response.status_code == 302:
                assert response["Location"] != url
            assert target.email not in response.content.decode(), name
        posts = {
            "change": {
                "email": "mine@example.kg",
                "role": "consultant",
                "is_active": "",
                "is_superuser": "on",
            },
            "password": {
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "usable_password": "true",
            },
            "delete": {"post": "yes"},
        }
        for name, data in posts.items():
            response = client.post(urls[name], data)
            assert response.status_code in (302, 403, 404), name
        assert snapshot(target) == before
        target.refresh_from_db()
        assert not target.check_password(NEW_PASSWORD)

    def test_bulk_delete_skips_privileged_accounts(
        self, client_for, academy_admin, privileged
    ):
        root, colleague = privileged
        other = ConsultantUserFactory()
        client_for(academy_admin).post(
            reverse("admin:accounts_user_changelist"),
            {
                "action": "delete_selected",
                ACTION_CHECKBOX_NAME: [str(root.pk), str(colleague.pk), str(other.pk)],
                "post": "yes",
            },
        )
        assert User.objects.filter(pk__in=[root.pk, colleague.pk]).count() == 2
        assert not User.objects.filter(pk=other.pk).exists()

    def test_cannot_add_an_academy_admin(self, client_for, academy_admin):
        response = client_for(academy_admin).post(
            reverse("admin:accounts_user_add"),
            {
                "email": "second@example.kg",
                "role": "academy_admin",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "usable_password": "true",
            },
        )
        assert response.status_code == 200  # the form with its error
        assert not User.objects.filter(email="second@example.kg").exists()

    def test_cannot_promote_set_the_password_of_or_readdress_anyone(
        self, client_for, academy_admin
    ):
        target = ConsultantUserFactory()
        before = snapshot(target)
        client = client_for(academy_admin)
        urls = admin_urls(target.pk)
        data = form_data(client.get(urls["change"]))
        data.update({"role": "academy_admin", "email": "mine@example.kg"})
        client.post(urls["change"], data)
        data["role"] = "consultant"
        assert client.post(urls["change"], data).status_code == 302
        password = client.post(
            urls["password"],
            {
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "usable_password": "true",
            },
        )
        assert password.status_code == 403
        assert snapshot(target) == before

    def test_password_hashes_are_no_oracle(self, client_for, academy_admin):
        ConsultantUserFactory()
        url = reverse("admin:accounts_user_changelist")
        client = client_for(academy_admin)
        for query in ("password__startswith=md5", "password__startswith=x"):
            assert client.get(f"{url}?{query}").status_code == 400


@pytest.mark.django_db
class TestSuperuserStillCan:
    def test_manage_academy_admins(self, client_for, privileged):
        root, colleague = privileged
        client = client_for(root)
        urls = admin_urls(colleague.pk)
        listing = client.get(reverse("admin:accounts_user_changelist"))
        assert colleague.email in listing.content.decode()
        for name in ("change", "password", "history", "delete"):
            assert client.get(urls[name]).status_code == 200, name
        response = client.post(
            urls["password"],
            {
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "usable_password": "true",
            },
        )
        assert response.status_code == 302, form_errors(response)
        colleague.refresh_from_db()
        assert colleague.check_password(NEW_PASSWORD)
        target = ConsultantUserFactory()
        change = admin_urls(target.pk)["change"]
        data = form_data(client.get(change))
        data["role"] = "academy_admin"
        assert client.post(change, data).status_code == 302, "promote"
        target.refresh_from_db()
        assert target.role == "academy_admin" and target.is_staff
        assert client.post(urls["delete"], {"post": "yes"}).status_code == 302
        assert not User.objects.filter(pk=colleague.pk).exists()
