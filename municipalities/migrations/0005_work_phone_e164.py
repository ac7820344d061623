from django.db import migrations

import municipalities.phones


def to_e164(apps, schema_editor):
    left = municipalities.phones.convert_stored_phones(
        schema_editor.connection,
        table="municipalities_staffmembership",
        column="work_phone",
    )
    municipalities.phones.report_left_phones(left, what="staff membership")


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0004_load_soate_2021"),
    ]

    operations = [
        migrations.AlterField(
            model_name="staffmembership",
            name="work_phone",
            field=municipalities.phones.PhoneField(
                blank=True, max_length=32, verbose_name="work phone"
            ),
        ),
        migrations.RunPython(to_e164, migrations.RunPython.noop),
    ]
