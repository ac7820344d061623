"""The audit log is append-only in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from portal.audit.models import AuditEntry
from tests.accounts.factories import AcademyAdminFactory


@pytest.fixture
def entry(db):
    actor = AcademyAdminFactory()
    return AuditEntry.objects.create(
        actor=actor,
        actor_email=actor.email,
        action="change",
        app_label="consultants",
        model="consultant",
        object_id="1",
        object_repr="Консультант",
        changed_fields=["phone"],
    )


def refused(sql, params=()):
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


@pytest.mark.django_db
class TestAppendOnly:
    def test_raw_update_is_refused(self, entry):
        refused("UPDATE audit_auditentry SET actor_email = 'x@example.kg'")
        refused("UPDATE audit_auditentry SET changed_fields = '[]'::jsonb")
        entry.refresh_from_db()
        assert entry.changed_fields == ["phone"]

    def test_raw_delete_and_truncate_are_refused(self, entry):
        refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
        refused("TRUNCATE audit_auditentry")
        assert AuditEntry.objects.filter(pk=entry.pk).exists()

    def test_orm_update_and_delete_are_refused(self, entry):
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(action="add")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
        assert AuditEntry.objects.get(pk=entry.pk).action == "change"

    def test_clearing_the_actor_cannot_carry_another_change(self, entry):
        refused("UPDATE audit_auditentry SET actor_id = NULL, action = 'add'")

    def test_deleting_the_actor_keeps_the_entry_and_the_email(self, entry):
        email = entry.actor_email
        entry.actor.delete()
        entry.refresh_from_db()
        assert entry.actor_id is None
        assert entry.actor_email == email
