"""Everything done in the admin leaves an audit entry; the audit entries
themselves cannot be added, changed or deleted there by anyone."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from consultants.models import Consultant
from portal.accounts.models import User
from portal.audit.admin import AuditedAdminMixin
from portal.audit.checks import check_admins_are_audited
from portal.audit.models import AuditEntry
from tests.accounts.factories import ConsultantUserFactory
from tests.adminforms import form_data, form_errors
from tests.consultants.factories import ConsultantFactory


@pytest.fixture
def root(db, django_user_model):
    return django_user_model.objects.create_superuser("root@example.kg", "x-Strong-1")


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


@pytest.mark.django_db
class TestAdminChangesAreAudited:
    def test_addition(self, client_for, academy_admin):
        client = client_for(academy_admin)
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "new@example.kg",
                "role": "consultant",
                "password1": "a-Long-pass-4471",
                "password2": "a-Long-pass-4471",
                "usable_password": "true",
            },
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == 302, form_errors(response)
        user = User.objects.get(email="new@example.kg")
        (entry,) = entries(action="add")
        assert (entry.app_label, entry.model, entry.object_id) == (
            "accounts",
            "user",
            str(user.pk),
        )
        assert entry.actor == academy_admin
        assert entry.actor_email == academy_admin.email
        assert entry.client_address == "203.0.113.7"
        assert entry.path == reverse("admin:accounts_user_add")
        assert "email" in entry.changed_fields and "role" in entry.changed_fields
        assert "a-Long-pass-4471" not in str(entry.changed_fields)

    def test_change_records_field_names_not_values(self, client_for, academy_admin):
        consultant = ConsultantFactory()
        client = client_for(academy_admin)
        url = reverse("admin:consultants_consultant_change", args=[consultant.pk])
        data = form_data(client.get(url))
        data["phone"] = "+996700123987"
        response = client.post(url, data)
        assert response.status_code == 302, form_errors(response)
        (entry,) = entries(action="change")
        assert entry.model == "consultant" and entry.object_id == str(consultant.pk)
        assert "phone" in entry.changed_fields
        assert "700123987" not in str(entry.changed_fields)

    def test_deletion(self, client_for, academy_admin):
        consultant = ConsultantFactory()
        client = client_for(academy_admin)
        url = reverse("admin:consultants_consultant_delete", args=[consultant.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not Consultant.objects.filter(pk=consultant.pk).exists()
        (entry,) = entries(action="delete")
        assert entry.object_id == str(consultant.pk)
        assert entry.object_repr == consultant.name

    def test_bulk_deletion_records_each_object(self, client_for, academy_admin):
        users = [ConsultantUserFactory(), ConsultantUserFactory()]
        client = client_for(academy_admin)
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {
                "action": "delete_selected",
                ACTION_CHECKBOX_NAME: [str(u.pk) for u in users],
                "post": "yes",
            },
        )
        assert response.status_code == 302
        assert not User.objects.filter(pk__in=[u.pk for u in users]).exists()
        assert {e.object_id for e in entries(action="delete")} == {
            str(u.pk) for u in users
        }

    def test_password_change(self, client_for, root):
        target = ConsultantUserFactory()
        client = client_for(root)
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        response = client.post(
            url,
            {
                "password1": "another-Long-pass-93",
                "password2": "another-Long-pass-93",
                "usable_password": "true",
            },
        )
        assert response.status_code == 302, form_errors(response)
        (entry,) = entries(action="password")
        assert entry.object_id == str(target.pk) and entry.actor == root
        assert "another-Long-pass-93" not in str(entry.changed_fields)

    def test_refused_change_writes_nothing(self, client_for, academy_admin, root):
        client = client_for(academy_admin)
        url = reverse("admin:accounts_user_change", args=[root.pk])
        client.post(url, {"email": root.email, "is_superuser": ""})
        assert entries() == []


@pytest.mark.django_db
class TestAuditAdmin:
    def test_nobody_adds_changes_or_deletes_entries(self, client_for, root):
        entry = AuditEntry.objects.create(
            action="change", app_label="accounts", model="user", object_id="1"
        )
        client = client_for(root)
        assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
        change = reverse("admin:audit_auditentry_change", args=[entry.pk])
        page = client.get(change)
        assert page.status_code == 200  # read-only view
        assert 'name="_save"' not in page.content.decode()
        assert client.post(change, {"action": "add"}).status_code == 403
        delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        listing = client.get(reverse("admin:audit_auditentry_changelist"))
        assert 'name="action"' not in listing.content.decode()  # no bulk actions
        entry.refresh_from_db()
        assert entry.action == "change"

    def test_filterable_by_action_model_and_date(self, client_for, root):
        AuditEntry.objects.create(action="add", app_label="accounts", model="user")
        AuditEntry.objects.create(
            action="delete", app_label="consultants", model="consultant"
        )
        client = client_for(root)
        url = reverse("admin:audit_auditentry_changelist")
        for query in (
            "action__exact=add",
            "model=user",
            "at__gte=2020-01-01T00:00:00%2B00:00",
        ):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 200, query

    def test_academy_admins_do_not_see_the_log(self, client_for, academy_admin):
        client = client_for(academy_admin)
        response = client.get(reverse("admin:audit_auditentry_changelist"))
        assert response.status_code == 403


def test_every_admin_of_the_portal_is_audited():
    assert check_admins_are_audited() == []


def test_the_check_names_an_admin_that_is_not_audited():
    model_admin = admin.site._registry[Consultant]
    admin.site.unregister(Consultant)
    admin.site.register(Consultant, admin.ModelAdmin)
    try:
        errors = check_admins_are_audited()
    finally:
        admin.site.unregister(Consultant)
        admin.site.register(Consultant, type(model_admin))
    assert [e.id for e in errors] == ["audit.E001"]
    assert isinstance(admin.site._registry[Consultant], AuditedAdminMixin)
