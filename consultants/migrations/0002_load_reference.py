from django.db import migrations


def load(apps, schema_editor):
    from consultants.reference import load_expertise_areas, load_network_2022

    load_expertise_areas(apps.get_model("consultants", "ExpertiseArea"))
    load_network_2022(apps.get_model("consultants", "Consultant"))


class Migration(migrations.Migration):
    dependencies = [
        ("consultants", "0001_initial"),
        ("municipalities", "0002_load_geography"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
