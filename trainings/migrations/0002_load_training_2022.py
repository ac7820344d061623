from django.db import migrations


def load(apps, schema_editor):
    from trainings.reference import load_training_2022

    load_training_2022(
        Training=apps.get_model("trainings", "Training"),
        Participant=apps.get_model("trainings", "Participant"),
        Attendance=apps.get_model("trainings", "Attendance"),
        Consultant=apps.get_model("consultants", "Consultant"),
        ExpertiseArea=apps.get_model("consultants", "ExpertiseArea"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("consultants", "0002_load_reference"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
