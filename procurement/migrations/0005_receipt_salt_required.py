# Separate from 0004 so that the NOT NULL change runs after the data migration
# has committed (PostgreSQL refuses ALTER TABLE with pending trigger events).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("procurement", "0004_receipt_salt"),
    ]

    operations = [
        migrations.AlterField(
            model_name="bidreceipt",
            name="sealed_salt",
            field=models.BinaryField(editable=False, verbose_name="sealed salt"),
        ),
    ]
