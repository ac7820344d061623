"""`make run` demo data shows the trust signals: members with ratings (with
comments and an answer), certificates with the areas they cover, a busy
member; the registry's trust sorts have something to sort."""

from io import StringIO

import pytest
from django.core.management import call_command

from consultants.models import Availability, Consultant, ConsultantRating


@pytest.mark.django_db
def test_seed_demo_shows_trust_signals(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    rated = Consultant.objects.filter(rating_count__gt=0)
    assert rated.count() >= 2
    assert ConsultantRating.objects.exclude(comment="").count() >= 4
    answered = ConsultantRating.objects.filter(answered_at__isnull=False).get()
    assert answered.consultant.user.email == "consultant@demo.kg"
    certified = Consultant.objects.filter(active_certificates__gt=0)
    assert certified.count() >= 4
    assert all("tariffs" in c.certified_areas for c in certified)
    assert Consultant.objects.filter(availability=Availability.BUSY).count() == 1
    assert Consultant.objects.exclude(member_since=None).count() >= 20
    page = client.get("/ky/consultants/", {"ordering": "rating"})
    first = page.context["consultants"][0]
    assert first.rating_count and first.rating_average == max(
        rated.values_list("rating_average", flat=True)
    )
    body = client.get(answered.consultant.get_absolute_url()).content.decode()
    assert answered.answer in body
    count = ConsultantRating.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert ConsultantRating.objects.count() == count  # idempotent
