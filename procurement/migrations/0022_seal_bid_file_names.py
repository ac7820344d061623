"""Encrypt the clear names of existing bid files and draft bid files with the
current bid encryption key (needs BID_ENCRYPTION_KEY when there are any);
reversible (decrypts them again)."""

from django.db import migrations

TABLES = ("procurement_bidfile", "procurement_biddraftfile")


def _rewrite(schema_editor, change):
    """Rewrite every name with `change` (raw bytes in, raw bytes out), in SQL:
    the historical model would seal again."""
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT id, original_name FROM {table}")
            for pk, value in cursor.fetchall():
                cursor.execute(
                    f"UPDATE {table} SET original_name = %s WHERE id = %s",
                    [change(bytes(value)), pk],
                )


def seal_names(apps, schema_editor):
    from procurement import crypto

    _rewrite(schema_editor, crypto.encrypt)


def unseal_names(apps, schema_editor):
    from procurement import crypto

    _rewrite(schema_editor, crypto.decrypt)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0021_bid_file_names_bytea")]

    operations = [migrations.RunPython(seal_names, unseal_names)]
