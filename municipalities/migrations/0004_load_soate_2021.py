from django.db import migrations


def load(apps, schema_editor):
    from municipalities.reference import load_geography, load_register_2021

    models = [
        apps.get_model("municipalities", name)
        for name in ("Region", "District", "Municipality")
    ]
    # the codes of regions, districts and the named municipalities first, so
    # that the register finds them instead of adding them again
    load_geography(*models)
    load_register_2021(*models, apps.get_model("municipalities", "Place"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0003_register_places_roles")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
