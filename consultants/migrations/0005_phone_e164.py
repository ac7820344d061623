from django.db import migrations

import municipalities.phones


def to_e164(apps, schema_editor):
    left = municipalities.phones.convert_stored_phones(
        schema_editor.connection, table="consultants_consultant", column="phone"
    )
    municipalities.phones.report_left_phones(left, what="consultant")


class Migration(migrations.Migration):
    dependencies = [
        ("consultants", "0004_profile_claims_and_invitations"),
        ("municipalities", "0005_work_phone_e164"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consultant",
            name="phone",
            field=municipalities.phones.PhoneField(
                blank=True, max_length=32, verbose_name="phone"
            ),
        ),
        migrations.RunPython(to_e164, migrations.RunPython.noop),
    ]
