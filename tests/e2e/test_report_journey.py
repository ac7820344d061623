"""An oblast coordinator's report in a real browser, in Kyrgyz: sign in, open
the region's report from the dashboard, change the period, see the chart and
the map, follow a coverage gap to the municipality, follow a red flag to its
tenders, download the XLSX.

Assertions use ids, names and data attributes, not UI wording."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from portal.reports import precomputed
from tests.accounts.factories import CoordinatorFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import region
from tests.reports import builders as b

pytestmark = pytest.mark.e2e


@pytest.fixture
def talas(transactional_db, settings, tmp_path):
    """Talas in Q2 2025: a municipality nobody serves, and an open tender
    that received a single bid."""
    settings.MEDIA_ROOT = tmp_path
    coordinator = CoordinatorFactory(full_name="Талас облустук координатору")
    coordinator.coordinated_regions.add(region("KG-T"))
    gap = b.municipality(
        "KG-T", "Манас району", name="Покровка айыл өкмөтү",
        name_ky="Покровка айыл өкмөтү",
    )  # fmt: skip
    served = b.municipality("KG-T", "Талас району")
    member = ConsultantFactory(home_region=region("KG-T"), status="certified")
    member.districts_served.add(served.district)
    tender = b.tender(
        served, published="2025-04-01", deadline="2025-04-20", status="unsuccessful"
    )
    b.bid(tender, member, "90000")
    precomputed.refresh()  # the report reads the figures counted ahead
    return coordinator, gap, tender


def test_a_coordinator_reads_acts_on_and_downloads_the_report(
    page, sign_in, live_url, talas
):
    coordinator, gap, tender = talas
    sign_in(page, coordinator)

    # from the dashboard to the region's report
    page.goto(live_url("/ky/me/"))
    page.locator("a[href='/ky/reports/KG-T/']").click()
    page.wait_for_url("**/ky/reports/KG-T/")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    # the last twelve months hold nothing of 2025's second quarter
    expect(
        page.locator("#table-red_flags tbody tr").first.locator("td").last
    ).to_have_text("0")

    # change the period to Q2 2025
    page.select_option("[name=period]", "quarter")
    page.fill("[name=year]", "2025")
    page.select_option("[name=quarter]", "2")
    page.locator("form.period-form button[type=submit]").click()
    page.wait_for_url("**quarter=2**")
    single_bid = page.locator("#table-red_flags tbody tr").first
    expect(single_bid.locator("td").last).to_have_text("1")

    # the charts and the map, each with its table
    expect(page.locator("svg.chart")).to_have_count(2)
    expect(page.locator("svg.region-map")).to_be_visible()
    expect(page.locator("svg.region-map a[data-region='KG-T']")).to_have_count(1)
    expect(page.locator("svg.region-map a[data-region='KG-N']")).to_have_count(0)
    expect(page.locator("#table-regions")).to_be_visible()

    # a coverage gap leads to the municipality
    page.locator(f"#table-gaps a[href$='/municipalities/{gap.pk}/']").click()
    page.wait_for_url(f"**/municipalities/{gap.pk}/")
    expect(page.locator("h1")).to_have_text("Покровка айыл өкмөтү")
    expect(page.locator("dd.gap")).to_have_count(1)
    page.go_back()

    # a red flag leads to its tenders, and on to the tender
    single_bid.locator("a").click()
    page.wait_for_url("**/flags/single_bid/**")
    page.locator(f"table.flag-tenders a[href='/ky/tenders/{tender.pk}/']").click()
    page.wait_for_url(f"**/ky/tenders/{tender.pk}/")
    page.go_back()
    page.go_back()

    # the whole report as XLSX, headers in Kyrgyz
    page.wait_for_url("**quarter=2**")
    with page.expect_download() as download:
        page.locator("#download-xlsx").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    tenders = next(book[name] for name in book.sheetnames if name == "Тендерлер")
    values = [list(row) for row in tenders.iter_rows(values_only=True)]
    assert values[1][1] == 1  # published in the quarter
    assert values[0][0] != "Figure"  # the header is translated
