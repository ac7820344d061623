"""`make run` demo data: tenders of several municipalities in every state."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from procurement.demo import DEMO_EMAIL
from procurement.models import Bid, Tender, TenderStatus
from tests.procurement.test_ocds import get_json, validate, validate_package


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
    # every evaluated demo tender went through a committee of three or more
    for tender in Tender.objects.filter(financial_opened_at__isnull=False):
        assert tender.committee.submitted().count() >= 3, tender
        assert tender.bids.filter(rank=1).exists()
    assert Bid.objects.filter(financial_returned_at__isnull=False).exists()
    # the opened one: staff@demo.kg sits on its committee, not yet declared
    opened = Tender.objects.get(status=TenderStatus.OPENED, contact_email=DEMO_EMAIL)
    seat = opened.committee.get(user__email="staff@demo.kg")
    assert seat.declared_at is None and opened.committee.count() == 3
    count = Tender.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Tender.objects.count() == count  # idempotent
    for tender in Tender.objects.exclude(status="draft"):
        assert client.get(tender.get_absolute_url()).status_code == 200
    size = settings.OCDS_PAGE_SIZE_MAX
    package = get_json(client, f"/api/v1/ocds/release-package/?size={size}")
    assert "next" not in package.get("links", {})
    published = Tender.objects.filter(published_at__isnull=False).count()
    assert len({r["ocid"] for r in package["releases"]}) == published
    (tmp_path / "p.json").write_text(json.dumps(package))
    assert validate(tmp_path, package)["validation_errors"] == []
    assert validate_package(package, "release") == []


@pytest.mark.django_db
def test_the_demo_consultant_has_tenders_for_her_and_hears_of_the_draft(
    client_for, settings, tmp_path
):
    from portal.accounts.models import User
    from portal.notifications.models import Notification
    from procurement import services
    from procurement.alerts import tenders_for
    from tests.notifications.helpers import deliver

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    consultant = User.objects.get(email="consultant@demo.kg")
    assert tenders_for(consultant).exists()
    body = client_for(consultant).get("/ky/me/").content.decode()
    assert 'id="tenders-for-me"' in body
    draft = Tender.objects.get(status="draft")
    services.tender_publish(tender=draft, by=None)
    deliver()
    assert (
        Notification.objects.filter(
            recipient=consultant,
            topic="tender.published",
            event__payload__tender_id=draft.pk,
        ).count()
        == 2
    )  # in the portal and by email
