from django.db import migrations

OLD_TO_NEW = {
    "quality_cost": "consultQualityPrice",
    "quality": "consultQuality",
    "fixed_budget": "consultFixedBudget",
    "least_cost": "consultPrice",
}


def to_state_portal_codes(apps, schema_editor):
    """Selection methods take the state portal's codes; a single-source
    tender's selection is single-source selection."""
    Tender = apps.get_model("procurement", "Tender")
    for old, new in OLD_TO_NEW.items():
        Tender.objects.filter(selection_method=old).update(selection_method=new)
    Tender.objects.filter(procurement_method="single_source").update(
        selection_method="consultSingleSource"
    )


def to_old_codes(apps, schema_editor):
    Tender = apps.get_model("procurement", "Tender")
    for old, new in OLD_TO_NEW.items():
        Tender.objects.filter(selection_method=new).update(selection_method=old)
    Tender.objects.filter(
        selection_method__in=["consultSingleSource", "consultQualification"]
    ).update(selection_method="quality")


class Migration(migrations.Migration):
    dependencies = [("procurement", "0009_tender_methods")]

    operations = [migrations.RunPython(to_state_portal_codes, to_old_codes)]
