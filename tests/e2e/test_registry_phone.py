"""The registry and municipality pages on a phone (360×740): nothing scrolls
sideways, status badges and contacts are in view, the filters wait behind a
"Filters" button so the first result is on the first screen; and the district
list follows the region with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from consultants.models import ExpertiseArea, NetworkStatus
from municipalities.models import District
from tests.accounts.factories import AcademyAdminFactory
from tests.consultants.factories import (
    ApplicantFactory,
    ConsultantFactory,
    ExpertiseAreaFactory,
)
from tests.municipalities.factories import (
    PendingStaffFactory,
    StaffMembershipFactory,
    municipality,
    region,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


def assert_no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide"


@pytest.fixture
def long_member(db):
    return ConsultantFactory(
        name_ky="Борбордук Азиянын жергиликтүү өз алдынча башкаруу демилгелери",
        email="very.long.address.of.the.foundation@example-ngo.kg",
        phone="+996555123456",
        status=NetworkStatus.CERTIFIED,
        expertise_areas=list(ExpertiseArea.objects.all()[:4]),
    )


class TestPhoneLayout:
    def test_registry_for_staff_shows_status_and_contacts_without_scrolling(
        self, new_page, sign_in, municipal_staff, long_member, live_url
    ):
        page = new_page(viewport=PHONE)
        sign_in(page, municipal_staff)
        page.goto(live_url(f"/ky/consultants/?q={long_member.name_ky[:20]}"))
        assert_no_sideways_scroll(page)
        row = page.locator("#results table.registry-list tbody tr").first
        for part in (row.locator(".status"), row.locator(".contacts a").first):
            expect(part).to_be_visible()
            box = part.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        expect(row.locator(".contacts a[href^='tel:']")).to_have_attribute(
            "href", "tel:+996555123456"
        )
        expect(row.locator(".contacts a[href^='mailto:']")).to_have_count(1)

    def test_filters_wait_behind_a_button_and_the_first_result_is_in_view(
        self, new_page, live_url, db
    ):
        page = new_page(viewport=PHONE)
        page.goto(live_url("/ky/consultants/"))
        assert_no_sideways_scroll(page)
        expect(page.locator("#registry-filters select[name=region]")).to_be_hidden()
        first = page.locator("#results table.registry-list tbody tr").first
        assert first.bounding_box()["y"] < PHONE["height"]
        page.locator("#registry-filters summary").click()
        expect(page.locator("#registry-filters select[name=region]")).to_be_visible()
        # with a filter set, the panel comes open
        page.goto(live_url("/ky/consultants/?region=KG-N"))
        expect(page.locator("#registry-filters select[name=region]")).to_be_visible()
        assert_no_sideways_scroll(page)

    def test_filters_are_open_on_a_wide_screen(self, page, live_url, db):
        page.goto(live_url("/ky/consultants/"))
        expect(page.locator("#registry-filters select[name=region]")).to_be_visible()
        expect(page.locator("#registry-filters summary")).to_be_hidden()

    def test_municipality_and_admin_pages_fit_a_phone(
        self, new_page, sign_in, long_member, live_url, db
    ):
        admin = AcademyAdminFactory()
        place = municipality("41704220803000")
        StaffMembershipFactory(municipality=place, work_phone="+996352250333")
        PendingStaffFactory(municipality=place)
        ApplicantFactory(name_ky="Узун аталыштагы коомдук фонддун арызы " * 2)
        page = new_page(viewport=PHONE)
        sign_in(page, admin)
        for path in (
            "/ky/municipalities/",
            "/ky/municipalities/?region=KG-N",
            place.get_absolute_url(),
            "/ky/municipalities/staff/",
            "/ky/municipalities/coordinators/",
            "/ky/consultants/applications/",
            "/ky/consultants/claims/",
            long_member.get_absolute_url(),
            "/ky/consultants/?region=KG-N&expertise=no-such-area",
        ):
            page.goto(live_url(path))
            assert_no_sideways_scroll(page)
        page.goto(live_url(place.get_absolute_url()))
        expect(page.locator("#staff a[href='tel:+996352250333']")).to_be_visible()


class TestDistrictFollowsRegion:
    def talas_and_naryn(self):
        talas = District.objects.filter(region_id="KG-T").first()
        naryn = District.objects.filter(region_id="KG-N").first()
        return talas, naryn

    def test_with_javascript_the_district_list_is_swapped(self, page, live_url, db):
        talas, naryn = self.talas_and_naryn()
        page.goto(live_url("/ky/consultants/"))
        district = page.locator("#registry-filters select[name=district]")
        expect(district.locator(f"option[value='{naryn.pk}']")).to_have_count(1)
        page.select_option("#registry-filters select[name=region]", "KG-T")
        expect(district.locator(f"option[value='{naryn.pk}']")).to_have_count(0)
        expect(district.locator(f"option[value='{talas.pk}']")).to_have_count(1)
        page.select_option("#registry-filters select[name=district]", str(talas.pk))
        expect(page).to_have_url(re.compile(rf"region=KG-T&district={talas.pk}\b"))

    def test_without_javascript_the_server_filters_the_choices(
        self, new_page, live_url, db
    ):
        talas, naryn = self.talas_and_naryn()
        page = new_page(java_script_enabled=False)
        page.goto(live_url("/ky/consultants/"))
        page.select_option("#registry-filters select[name=region]", "KG-T")
        page.select_option("#registry-filters select[name=district]", str(naryn.pk))
        page.locator("#registry-filters .filters button[type=submit]").click()
        # the district of another region is dropped, and the page says so
        expect(page.locator("#ignored-district")).to_be_visible()
        district = page.locator("#registry-filters select[name=district]")
        expect(district.locator(f"option[value='{naryn.pk}']")).to_have_count(0)
        expect(district.locator(f"option[value='{talas.pk}']")).to_have_count(1)

    def test_an_empty_result_offers_wider_searches(self, page, live_url, db):
        area = ExpertiseAreaFactory(name_ru="Солнечные панели")
        ConsultantFactory(home_region=region("KG-C"), expertise_areas=[area])
        page.goto(live_url("/ky/consultants/?region=KG-T&q=солнечн"))
        widen = page.locator("#widen-search")
        expect(widen).to_be_visible()
        link = widen.locator("a[href*='region=KG-C']")
        expect(link).to_have_count(1)
        count = link.get_attribute("data-count")
        link.click()
        expect(page.locator("#results .result-count")).to_have_attribute(
            "data-count", count
        )
