"""`make run` demo data: tenders of several municipalities in every state."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from procurement.models import Bid, Tender, TenderStatus
from tests.procurement.test_ocds import validate


@pytest.mark.django_db
def test_seed_demo_has_every_state_and_valid_open_data(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    states = set(Tender.objects.values_list("status", flat=True))
    assert states == set(TenderStatus.values)
    assert Tender.objects.values("municipality").distinct().count() >= 3
    assert Bid.objects.filter(sealed_price__isnull=False).exists()
    assert Bid.objects.filter(price__isnull=False).exists()
    assert Bid.objects.filter(consultant__user__email="consultant@demo.kg").count() >= 4
    count = Tender.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Tender.objects.count() == count  # idempotent
    for tender in Tender.objects.exclude(status="draft"):
        assert client.get(tender.get_absolute_url()).status_code == 200
    package = client.get("/api/v1/ocds/release-package/").json()
    (tmp_path / "p.json").write_text(json.dumps(package))
    assert validate(tmp_path, package)["validation_errors"] == []
