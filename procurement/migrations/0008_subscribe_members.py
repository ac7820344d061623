"""Members with an account start with a subscription derived from their
profile (regions served, or the home region, × expertise areas), as new
members do when they are accepted."""

from itertools import product

from django.db import migrations

MEMBER_STATUSES = ("provisional", "certified", "suspended")


def subscribe(apps, schema_editor):
    Consultant = apps.get_model("consultants", "Consultant")
    TenderSubscription = apps.get_model("procurement", "TenderSubscription")
    members = Consultant.objects.filter(
        status__in=MEMBER_STATUSES, user__isnull=False
    ).prefetch_related("regions_served", "expertise_areas")
    for consultant in members:
        if TenderSubscription.objects.filter(user_id=consultant.user_id).exists():
            continue
        regions = list(consultant.regions_served.all()) or [consultant.home_region]
        areas = list(consultant.expertise_areas.all()) or [None]
        TenderSubscription.objects.bulk_create(
            [
                TenderSubscription(
                    user_id=consultant.user_id,
                    region=region,
                    expertise=area,
                    from_profile=True,
                )
                for region, area in product(regions, areas)
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0007_alerts"),
        ("consultants", "0004_profile_claims_and_invitations"),
    ]

    operations = [migrations.RunPython(subscribe, migrations.RunPython.noop)]
