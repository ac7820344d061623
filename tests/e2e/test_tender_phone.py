"""The tender pages on a phone (360×740) and the bid form that keeps files.

No page of the tender area is wider than the phone's screen; the new-tender
form fits a 1,280 px desktop too. A bid submitted with a file but a missing
price comes back with the file kept (with and without JavaScript), and the
corrected submission has the file without uploading it again."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from procurement.models import Bid, BidDraftFile
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    PDF_BYTES,
    certified_consultant,
    published_tender,
    submit_bid,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
WIDTH = "document.documentElement.scrollWidth <= window.innerWidth"
LONG = "Айыл аймагынын 2027–2031-жылдарга социалдык-экономикалык өнүгүү программасы"


@pytest.fixture
def area(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tender = published_tender(title=LONG, title_ky=LONG)
    staff = StaffMembershipFactory(municipality=tender.municipality).user
    consultant = certified_consultant()
    submit_bid(tender, consultant)
    bid = Bid.objects.get()
    return tender, staff, consultant, bid


def url(name, *args, language="ky"):
    with translation.override(language):
        return reverse(f"procurement:{name}", args=args)


def assert_fits(page, path):
    page.goto(path)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert page.evaluate(WIDTH), f"{path} is {wide} px wide"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_tender_pages_fit_a_phone(new_page, sign_in, live_url, area, language):
    tender, staff, consultant, bid = area
    locale = {"ky": "ky-KG", "ru": "ru-RU"}[language]
    anonymous = new_page(locale=locale, viewport=PHONE)
    assert_fits(anonymous, live_url(url("tender-list", language=language)))
    assert_fits(anonymous, live_url(url("tender-detail", tender.pk, language=language)))

    bidder = new_page(locale=locale, viewport=PHONE)
    sign_in(bidder, consultant.user, language=language)
    # the receipt with its long hashes
    assert_fits(bidder, live_url(url("bid-detail", bid.pk, language=language)))
    expect(bidder.locator("#receipts")).to_contain_text(bid.receipts.get().digest)
    for path in (
        url("tender-detail", tender.pk, language=language),
        url("tender-mine", language=language),  # my bids
        url("bid-submit", tender.pk, language=language),
        url("alert-settings", language=language),
    ):
        assert_fits(bidder, live_url(path))

    buyer = new_page(locale=locale, viewport=PHONE)
    sign_in(buyer, staff, language=language)
    for path in (
        url("tender-create", language=language),
        url("tender-detail", tender.pk, language=language),
        url("tender-mine", language=language),  # our tenders
        url("tender-amend", tender.pk, language=language),
    ):
        assert_fits(buyer, live_url(path))
    # an empty new tender comes back with its errors, still within the screen
    buyer.goto(live_url(url("tender-create", language=language)))
    buyer.locator("#tender-form button[type=submit]").click()
    expect(buyer.locator("#error-summary")).to_be_visible()
    assert buyer.evaluate(WIDTH)


def test_new_tender_fits_a_desktop(new_page, sign_in, live_url, area):
    _tender, staff, _consultant, _bid = area
    buyer = new_page()  # 1,280 px wide
    sign_in(buyer, staff)
    assert_fits(buyer, live_url(url("tender-create")))


def test_deadline_says_how_many_days_are_left(new_page, live_url, area):
    tender, *_ = area
    page = new_page(locale="ru-RU")
    page.goto(live_url(url("tender-detail", tender.pk, language="ru")))
    expect(page.locator("#time-left")).to_have_text("осталось 14 дней")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_failed_bid_keeps_its_file(
    new_page, sign_in, live_url, area, tmp_path, javascript
):
    tender, _staff, _consultant, _bid = area
    newcomer = certified_consultant()
    document = tmp_path / "methodology.pdf"
    document.write_bytes(PDF_BYTES)
    page = new_page(java_script_enabled=javascript, viewport=PHONE)
    sign_in(page, newcomer.user)
    page.goto(live_url(url("bid-submit", tender.pk)))
    form = page.locator("#bid-form")
    form.locator("[name=technical_proposal]").fill("Катышуучулук ыкма.")
    form.locator("[name=proposed_team]").fill("Асан — жетекчи")
    form.locator("[name=technical_files]").set_input_files(str(document))
    form.locator("[name=conflict_of_interest_declared]").check()
    page.locator("#send-bid").click()  # no price
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#kept-files")).to_contain_text("methodology.pdf")
    assert BidDraftFile.objects.filter(consultant=newcomer).count() == 1
    assert page.evaluate(WIDTH)
    # what was typed is still there; only the price is added
    form = page.locator("#bid-form")
    expect(form.locator("[name=technical_proposal]")).to_have_value(
        "Катышуучулук ыкма."
    )
    form.locator("[name=price]").fill("390000")
    form.locator("[name=conflict_of_interest_declared]").check()
    page.locator("#send-bid").click()
    expect(page.locator("#receipts tbody tr")).to_have_count(1)
    bid = Bid.objects.get(consultant=newcomer)
    assert [f.original_name for f in bid.files.all()] == ["methodology.pdf"]
    assert not BidDraftFile.objects.filter(consultant=newcomer).exists()


def test_upload_progress_is_shown(new_page, sign_in, live_url, area, tmp_path):
    """With JavaScript the bid goes through XMLHttpRequest: the progress bar
    appears and ends at 100 %, then the bid page is shown at its own URL."""
    tender, _staff, _consultant, _bid = area
    newcomer = certified_consultant()
    document = tmp_path / "plan.pdf"
    document.write_bytes(PDF_BYTES)
    page = new_page()
    sign_in(page, newcomer.user)
    page.goto(live_url(url("bid-submit", tender.pk)))
    form = page.locator("#bid-form")
    form.locator("[name=technical_proposal]").fill("Катышуучулук ыкма.")
    form.locator("[name=proposed_team]").fill("Асан — жетекчи")
    form.locator("[name=price]").fill("390000")
    form.locator("[name=technical_files]").set_input_files(str(document))
    form.locator("[name=conflict_of_interest_declared]").check()
    page.evaluate(
        """() => {
            window.progressSeen = [];
            document.addEventListener("submit", () => {
                const bar = document.getElementById("upload-progress-bar");
                new MutationObserver(() => window.progressSeen.push(bar.value))
                    .observe(bar, {attributes: true});
                const box = bar.closest("[data-progress]");
                setTimeout(() => window.progressSeen.push(box.hidden ? -1 : bar.value));
            });
        }"""
    )
    page.locator("#send-bid").click()
    expect(page.locator("#receipts tbody tr")).to_have_count(1)
    bid = Bid.objects.get(consultant=newcomer)
    assert page.url.endswith(bid.get_absolute_url())
    assert bid.files.count() == 1
    # the same window (no navigation): the progress box was shown
    seen = page.evaluate("window.progressSeen")
    assert seen and -1 not in seen, seen
