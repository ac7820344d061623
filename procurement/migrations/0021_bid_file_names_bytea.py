"""The names of bid files and draft bid files become sealed at rest, like
their contents (a name such as "CV Bübüsara Toktogulova.pdf" tells who is in
a sealed bid): the columns turn into bytea holding the clear UTF-8 bytes; the
next migration encrypts each value in place (a migration of its own:
PostgreSQL refuses to alter a table with pending trigger events)."""

from django.db import migrations

import procurement.fields

TABLES = ("procurement_bidfile", "procurement_biddraftfile")


class Migration(migrations.Migration):
    dependencies = [("procurement", "0020_database_defaults_for_bulk_loads")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="bidfile",
                    name="original_name",
                    field=procurement.fields.SealedTextField(verbose_name="file name"),
                ),
                migrations.AlterField(
                    model_name="biddraftfile",
                    name="original_name",
                    field=procurement.fields.SealedTextField(verbose_name="file name"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [
                        f"ALTER TABLE {table} ALTER COLUMN original_name "
                        "TYPE bytea USING convert_to(original_name, 'UTF8')"
                        for table in TABLES
                    ],
                    [
                        f"ALTER TABLE {table} ALTER COLUMN original_name "
                        "TYPE varchar(200) USING convert_from(original_name, 'UTF8')"
                        for table in TABLES
                    ],
                ),
            ],
        ),
    ]
