"""The registry taken away, in Chromium on a phone (360×740): the download
links carry the selection, the printable list fits the screen and, printed,
shows only the list."""

import csv
import io

import pytest
from playwright.sync_api import expect

from consultants.models import NetworkStatus
from tests.consultants.factories import ConsultantFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def long_member(db):
    return ConsultantFactory(
        name_ky="Борбордук Азиянын жергиликтүү өз алдынча башкаруу демилгелери",
        bio_ky="экспорттук сыноо",
        email="very.long.address.of.the.foundation@example-ngo.kg",
        phone="+996555123456",
        website="https://very-long-website-name-of-the-foundation.example-ngo.kg/about",
        status=NetworkStatus.CERTIFIED,
    )


def test_download_and_print_the_selection_on_a_phone(
    new_page, sign_in, municipal_staff, long_member, live_url
):
    page = new_page(viewport=PHONE)
    sign_in(page, municipal_staff)
    page.goto(live_url("/ky/consultants/?q=экспорттук"))
    links = page.locator("#export-links")
    expect(links).to_be_visible()

    with page.expect_download() as download:
        links.get_by_role("link", name="CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    table = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in table[1:]] == [long_member.name_ky]
    assert long_member.email in table[1]

    links.locator("a[href*='print']").click()
    page.wait_for_url("**/consultants/print/?q=*")
    expect(page.locator("#print-count")).to_have_attribute("data-count", "1")
    expect(page.locator(".site-header")).to_have_count(0)
    expect(page.locator("button[data-print]")).to_be_visible()  # with JavaScript
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the printable list is {widths[0]} px wide"

    page.emulate_media(media="print")
    expect(page.locator(".print-actions")).to_be_hidden()
    expect(page.get_by_text(long_member.email)).to_be_visible()
