"""Members who could help, on a phone (360×740) in Kyrgyz: the municipality's
page with an expertise area picked, and the tender draft's page where its
staff invite recommended members to a restricted tender. Nothing scrolls
sideways; axe-core checks every page loaded."""

import pytest
from playwright.sync_api import expect

from consultants.models import Availability, Consultant, ExpertiseArea, NetworkStatus
from tests.consultants.test_recommendations import _member
from tests.municipalities.factories import StaffMembershipFactory, region
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
LONG = "Борбордук Азиянын жергиликтүү өз алдынча башкаруу демилгелери коомдук фонду"


def assert_no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide"


@pytest.fixture
def staff(db):
    return StaffMembershipFactory().user


@pytest.fixture
def members(staff):
    Consultant.objects.update(availability=Availability.NOT_TAKING)
    place = staff.staff_membership.municipality
    return [
        _member(
            LONG,
            areas=["tariffs", "budget-transparency", "gender"],
            home_region=place.region,
            certified=["tariffs", "budget-transparency"],
            contracts=12,
            ratings=(12, "4.70"),
            status=NetworkStatus.CERTIFIED,
        ),
        _member("Бек", areas=["tariffs"], home_region=region("KG-C")),
        _member("Чолпон", areas=["tariffs"], home_region=region("KG-O")),
        _member("Динара", areas=["gender"], home_region=place.region),
    ]


def test_municipality_page_picks_an_area(new_page, live_url, staff, members):
    place = staff.staff_membership.municipality
    page = new_page(locale="ky-KG", viewport=PHONE)
    page.goto(live_url(f"/ky/municipalities/{place.pk}/"))
    panel = page.locator("#municipality-members")
    expect(panel.locator("li.recommendation")).to_have_count(2)  # serve Naryn
    page.select_option("#recommend-form select", "tariffs")
    page.locator("#recommend-form button").click()
    page.wait_for_url("**expertise=tariffs**")
    items = panel.locator("li.recommendation")
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text(LONG)
    expect(items.first).to_contain_text("12 аткарылган келишим")
    assert_no_sideways_scroll(page)


def test_staff_invite_recommended_members_to_a_draft(
    new_page, live_url, sign_in, staff, members
):
    tender = TenderFactory(
        municipality=staff.staff_membership.municipality,
        procurement_method="restricted",
    )
    tender.expertise_areas.set([ExpertiseArea.objects.get(code="tariffs")])
    page = new_page(locale="ky-KG", viewport=PHONE)
    sign_in(page, staff)
    page.goto(live_url(f"/ky/tenders/{tender.pk}/"))
    section = page.locator("#recommended-members")
    expect(section.locator("li.recommendation")).to_have_count(3)
    assert_no_sideways_scroll(page)
    for box in section.locator("input[name=member]").all():
        box.check()
    section.locator("#invite-recommended button[type=submit]").click()
    expect(section.locator(".tag.invited")).to_have_count(3)
    assert_no_sideways_scroll(page)
    assert tender.invited_consultants.count() == 3
