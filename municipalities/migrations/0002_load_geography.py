from django.db import migrations


def load(apps, schema_editor):
    from municipalities.reference import load_geography

    load_geography(
        apps.get_model("municipalities", "Region"),
        apps.get_model("municipalities", "District"),
        apps.get_model("municipalities", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
