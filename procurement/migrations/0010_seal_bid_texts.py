"""Encrypt the clear texts of existing bids (technical proposal, team,
conflict-of-interest note) with the current bid encryption key: after this a
database dump shows no part of any bid. Needs BID_ENCRYPTION_KEY when bids
exist; reversible (decrypts them again)."""

from django.db import migrations

SEALED_COLUMNS = ("technical_proposal", "proposed_team", "conflict_of_interest_note")


def _rewrite(apps, schema_editor, change):
    """Rewrite every bid's sealed columns with `change` (raw bytes in, raw
    bytes out), straight in SQL: the historical model would seal again."""
    connection = schema_editor.connection
    columns = ", ".join(SEALED_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {columns} FROM procurement_bid")
        rows = cursor.fetchall()
        for pk, *values in rows:
            new = [change(bytes(value)) for value in values]
            assignments = ", ".join(f"{column} = %s" for column in SEALED_COLUMNS)
            cursor.execute(
                f"UPDATE procurement_bid SET {assignments} WHERE id = %s",
                [*new, pk],
            )


def seal_texts(apps, schema_editor):
    from procurement import crypto

    _rewrite(apps, schema_editor, crypto.encrypt)


def unseal_texts(apps, schema_editor):
    from procurement import crypto

    _rewrite(apps, schema_editor, crypto.decrypt)



class Migration(migrations.Migration):
    dependencies = [("procurement", "0009_two_envelopes_committee")]

    operations = [migrations.RunPython(seal_texts, unseal_texts)]
