"""Store, once, the releases of the tenders published before releases were
stored at their events: reconstructed from the tenders' data as it is now and
marked as such (Release.backfilled, ids ocid-backfill-…)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Tender = apps.get_model("procurement", "Tender")
    if not Tender.objects.exclude(status="draft").exists():
        return  # a new database: nothing to reconstruct
    # The builders work on the current models; this runs right after 0009,
    # where the current models match the tables.
    from procurement.ocds.backfill import backfill_releases

    backfill_releases()


def forget(apps, schema_editor):
    Release = apps.get_model("procurement", "Release")
    Release.objects.filter(backfilled=True).delete()


class Migration(migrations.Migration):
    dependencies = [("procurement", "0009_ocds_releases_and_state_notice")]

    operations = [migrations.RunPython(backfill, forget)]
