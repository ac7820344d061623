"""`make run` demo data: the demo coordinator's report is filled in."""

from io import StringIO

import pytest
from django.core.management import call_command

from portal.accounts.models import User
from portal.reports import figures
from portal.reports.periods import Period


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())


def test_demo_coordinator_sees_a_filled_report(demo, client):
    coordinator = User.objects.get(email="coordinator@demo.kg")
    regions = set(coordinator.coordinated_regions.values_list("code", flat=True))
    assert regions == {"KG-N", "KG-Y"}
    period = Period.default()
    raised = {}
    for code in sorted(regions):
        assert figures.coverage(code)["gaps"] >= 1
        assert figures.tenders(period, code)["published"] >= 1
        for row in figures.flag_counts(period, code)["rows"]:
            raised[row["flag"].code] = raised.get(row["flag"].code, 0) + row["flagged"]
    assert {code for code, count in raised.items() if count} >= {
        "single_bid",
        "near_estimate",
        "repeat_winner",
        "late_amendment",
        "complaint_upheld",
    }
    client.force_login(coordinator)
    body = client.get("/ky/reports/KG-N/").content.decode()
    assert 'class="chart"' in body and 'class="region-map"' in body
    assert "/ky/reports/KG-N/municipalities/" in body  # a coverage gap
    assert "/ky/reports/KG-N/flags/single_bid/" in body


def test_demo_is_idempotent(demo):
    from procurement.models import Tender

    count = Tender.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Tender.objects.count() == count


def test_demo_academy_sees_the_national_overview(demo, client):
    client.force_login(User.objects.get(email="admin@demo.kg"))
    response = client.get("/ky/reports/", follow=True)
    assert response.redirect_chain[-1][0] == "/ky/reports/all/"
    body = response.content.decode()
    for code in ("KG-N", "KG-Y", "KG-C", "KG-GO", "KG-GB"):
        assert f"/ky/reports/{code}/?" in body
