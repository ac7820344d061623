"""The audit log is append-only, enforced by PostgreSQL for every client, not
just the admin: UPDATE, DELETE and TRUNCATE raise an exception.

Two narrow exceptions keep Django working without weakening that:
- an UPDATE that only clears actor_id is what Django's on_delete=SET_NULL does
  when the acting account is deleted; actor_email still says who it was;
- TRUNCATE of an empty table destroys nothing (the test runner's flush of a
  transactional test issues one)."""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION audit_entry_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'TRUNCATE' AND NOT EXISTS (SELECT 1 FROM audit_auditentry) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_entry_append_only_rows
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();

CREATE TRIGGER audit_entry_append_only_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS audit_entry_append_only_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_append_only_rows ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_entry")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
