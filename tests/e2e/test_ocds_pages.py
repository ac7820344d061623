"""The page the OCDS work changed, on a phone: the tender page with its
notice on the state portal; and the tender list finds it by that number."""

import pytest
from playwright.sync_api import expect

from tests.procurement.factories import published_tender

pytestmark = pytest.mark.e2e


@pytest.mark.browser_locale("ru-RU")
def test_notice_link_and_search_fit_a_phone(page, live_url, db):
    tender = published_tender(state_notice_number="521141")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_url(f"/ru/tenders/{tender.pk}/"))
    link = page.locator('a[href$="view.xhtml?id=521141"]')
    expect(link).to_have_text("521141")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the tender page scrolls sideways on a phone"
    )
    page.goto(live_url("/ru/tenders/?q=521141"))
    expect(page.get_by_text(tender.title_ru).first).to_be_visible()
    # (the list's table itself is wider than a phone before and after this
    # change: its stacked-card layout is the list page's owner's to make)
