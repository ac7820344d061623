"""The registry's three journeys of the foundation, in a real browser.

Assertions avoid UI wording where they can (selectors on names and classes);
where a test must show that a page is in Russian it asks the project's own
catalogue what the Russian text is, so the tests keep passing when the
translator changes a wording.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from consultants.models import Consultant, ExpertiseArea, NetworkStatus
from tests.accounts.factories import AcademyAdminFactory, ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import region

pytestmark = pytest.mark.e2e


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def result_count(page):
    return page.locator("#results .result-count")


class TestMunicipalStaffFindsAConsultant:
    @pytest.fixture
    def tariffs(self, db):
        return ExpertiseArea.objects.get(code="tariffs")

    @pytest.fixture
    def water_centre(self, tariffs):
        """The consultant the staff member is looking for, in Naryn, on tariffs."""
        return ConsultantFactory(
            name="Нарын суу түзүмү",
            name_ky="Нарын суу түзүмү",
            name_ru="Нарынский центр водоснабжения",
            name_en="Naryn Water Centre",
            bio_ky="Ичүүчү суунун тарифтерин эсептейбиз.",
            bio_ru="Рассчитываем тарифы на питьевую воду для айыл окмоту.",
            home_region=region("KG-N"),
            email="water@naryn.kg",
            phone="+996772000111",
            status=NetworkStatus.CERTIFIED,
            expertise_areas=[tariffs],
            regions_served=[region("KG-N")],
        )

    @pytest.fixture
    def others(self, tariffs):
        """Consultants each filter must leave out, and one it must keep."""
        budget = ExpertiseArea.objects.get(code="budget-transparency")
        ConsultantFactory(  # right region, other expertise
            name_ky="Нарын бюджет тобу",
            home_region=region("KG-N"),
            expertise_areas=[budget],
        )
        ConsultantFactory(  # right expertise, other region
            name_ky="Талас тариф борбору",
            home_region=region("KG-T"),
            expertise_areas=[tariffs],
        )
        # a 2022 member of Naryn who also works on tariffs: matches both filters
        member = Consultant.objects.get(name_ky="Нарын экономикалык өнүгүү борбору")
        member.expertise_areas.add(tariffs)
        return member

    def test_filters_searches_opens_profile_and_switches_to_russian(
        self, page, sign_in, municipal_staff, water_centre, others, live_url
    ):
        sign_in(page, municipal_staff)
        page.goto(live_url("/ky/consultants/"))
        public = Consultant.objects.public().count()
        expect(result_count(page)).to_have_attribute("data-count", str(public))
        # a full page load would drop this flag: htmx must swap results in place
        page.evaluate("window.__sameDocument = true")

        page.select_option("#registry-filters select[name=region]", "KG-N")
        naryn = Consultant.objects.public().filter(home_region="KG-N").count()
        expect(result_count(page)).to_have_attribute("data-count", str(naryn))
        expect(page).to_have_url(re.compile(r"[?&]region=KG-N"))

        page.select_option("#registry-filters select[name=expertise]", "tariffs")
        expect(result_count(page)).to_have_attribute("data-count", "2")
        expect(page).to_have_url(re.compile(r"expertise=tariffs"))
        rows = page.locator("#results table.registry-list tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.filter(has_text="Нарын суу түзүмү")).to_have_count(1)
        expect(rows.filter(has_text=others.name_ky)).to_have_count(1)

        # search is case-insensitive for Cyrillic and the Kyrgyz letter ү
        search = page.locator("#registry-filters input[name=q]")
        search.press_sequentially("СУУ ТҮЗҮМ")
        search.press("Enter")
        expect(result_count(page)).to_have_attribute("data-count", "1")
        expect(page).to_have_url(re.compile(r"q=%D0%A1%D0%A3%D0%A3"))
        expect(rows).to_have_count(1)
        # municipal staff see contacts in the list too
        expect(rows.first).to_contain_text("water@naryn.kg")
        assert page.evaluate("window.__sameDocument") is True

        rows.first.get_by_role("link", name="Нарын суу түзүмү").click()
        expect(page).to_have_url(live_url(f"/ky/consultants/{water_centre.pk}/"))
        expect(page.locator("h1")).to_have_text("Нарын суу түзүмү")
        expect(page.locator(".contact-email")).to_have_text("water@naryn.kg")
        expect(page.locator(".contact-phone")).to_have_text("+996 772 000 111")
        expect(page.locator(".contact-phone a")).to_have_attribute(
            "href", "tel:+996772000111"
        )

        page.locator(".languages a[data-lang=ru]").click()
        expect(page).to_have_url(live_url(f"/ru/consultants/{water_centre.pk}/"))
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        expect(page.locator("h1")).to_have_text("Нарынский центр водоснабжения")
        expect(page.locator(".bio")).to_contain_text("Рассчитываем тарифы")
        expect(page.locator("dt").first).to_have_text(gettext_in("ru", "Home region"))
        expect(page.locator(".tag")).to_have_text(
            ExpertiseArea.objects.get(code="tariffs").name_ru
        )
        expect(page.locator(".languages strong")).to_have_attribute("lang", "ru")
        expect(page.locator(".contact-email")).to_have_text("water@naryn.kg")

    def test_finds_by_latin_letters_as_they_are_typed_on_a_phone(
        self, page, water_centre, others, live_url
    ):
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(live_url("/ky/consultants/"))
        page.evaluate("window.__sameDocument = true")
        search = page.locator("#registry-filters input[name=q]")
        # no Enter: the results follow the typing
        search.press_sequentially("naryn tarif", delay=20)
        expect(page).to_have_url(re.compile(r"q=naryn(%20|\+)tarif"))
        rows = page.locator("#results table.registry-list tbody tr")
        expect(rows.filter(has_text="Нарын суу түзүмү")).to_have_count(1)
        expect(rows.filter(has_text="Талас тариф борбору")).to_have_count(0)
        expect(rows.filter(has_text="Нарын бюджет тобу")).to_have_count(0)
        found = Consultant.objects.public().search("naryn tarif").count()
        expect(result_count(page)).to_have_attribute("data-count", str(found))
        assert page.evaluate("window.__sameDocument") is True
        # the Kyrgyz letters typed as Russian ones find the same
        search.fill("НАРЫН СУУ ТУЗУМ")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Нарын суу түзүмү")
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )

    def test_filters_work_as_a_plain_get_without_javascript(
        self, new_page, water_centre, others, live_url
    ):
        page = new_page(java_script_enabled=False)
        page.goto(live_url("/ky/consultants/"))
        page.select_option("#registry-filters select[name=region]", "KG-N")
        page.select_option("#registry-filters select[name=expertise]", "tariffs")
        page.locator("#registry-filters .filters button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"region=KG-N.*expertise=tariffs"))
        expect(result_count(page)).to_have_attribute("data-count", "2")
        page.fill("#registry-filters input[name=q]", "суу түзүм")
        page.locator("#registry-filters .search-box button[type=submit]").click()
        expect(result_count(page)).to_have_attribute("data-count", "1")
        # the filters survive the round trip in the form
        expect(page.locator("select[name=region]")).to_have_value("KG-N")
        # anonymous visitors see the public profile, without contacts
        expect(page.locator("#results")).not_to_contain_text("water@naryn.kg")
        page.get_by_role("link", name="Нарын суу түзүмү").click()
        expect(page.locator("h1")).to_have_text("Нарын суу түзүмү")
        expect(page.locator(".contact-email")).to_have_count(0)
        expect(page.locator("body")).not_to_contain_text("water@naryn.kg")


class TestConsultantEditsProfile:
    @pytest.fixture
    def member(self, db):
        return ConsultantFactory(
            user=ConsultantUserFactory(),
            expertise_areas=[ExpertiseArea.objects.get(code="gender")],
            regions_served=[region("KG-N")],
        )

    def test_edits_the_bio_and_sees_it_on_the_profile(
        self, page, sign_in, member, live_url
    ):
        sign_in(page, member.user)
        page.goto(live_url("/ky/consultants/mine/"))
        expect(page).to_have_url(live_url(f"/ky/consultants/{member.pk}/"))
        page.locator(f"a[href='/ky/consultants/{member.pk}/edit/']").click()

        new_bio = "Гендердик бюджеттөө боюнча 12 айыл өкмөтүнө жардам бердик."
        page.fill("textarea[name=bio_ky]", new_bio)
        page.locator("form.stacked button[type=submit]").click()

        expect(page).to_have_url(live_url(f"/ky/consultants/{member.pk}/"))
        expect(page.locator(".messages")).to_have_count(1)
        expect(page.locator(".bio")).to_contain_text(new_bio)
        member.refresh_from_db()
        assert member.bio_ky == new_bio

    def test_cannot_open_another_consultants_edit_form(
        self, page, sign_in, member, live_url
    ):
        other = ConsultantFactory(user=ConsultantUserFactory())
        sign_in(page, member.user)
        response = page.goto(live_url(f"/ky/consultants/{other.pk}/edit/"))
        assert response.status == 403
        expect(page.locator("textarea[name=bio_ky]")).to_have_count(0)
        # and the other's profile offers no edit button
        page.goto(live_url(f"/ky/consultants/{other.pk}/"))
        expect(page.locator("a[href$='/edit/']")).to_have_count(0)


class TestNgoJoinsTheNetwork:
    def test_signs_up_applies_is_accepted_and_appears_in_the_registry(
        self, new_page, sign_in, live_url, db
    ):
        admin = AcademyAdminFactory()
        name = "Талас жаштар демилгеси"
        applicant = new_page()

        applicant.goto(live_url("/ky/accounts/signup/"))
        signup = applicant.locator("form").filter(
            has=applicant.locator("input[name=password2]")
        )
        signup.locator("input[name=signup_as][value=consultant]").check()
        signup.locator("input[name=full_name]").fill("Айжан Токтосунова")
        signup.locator("input[name=email]").fill("youth@talas.kg")
        signup.locator("input[name=password1]").fill("Talas-Youth-2026!")
        signup.locator("input[name=password2]").fill("Talas-Youth-2026!")
        signup.locator("[type=submit]").first.click()

        # allauth sends the new account straight to the application form
        expect(applicant).to_have_url(live_url("/ky/consultants/apply/"))
        form = applicant.locator("form.stacked")
        expect(form.locator("input[name=email]")).to_have_value("youth@talas.kg")
        form.locator("select[name=kind]").select_option("organization")
        form.locator("select[name=legal_form]").select_option("public_foundation")
        form.locator("input[name=name_ky]").fill(name)
        form.locator("input[name=name_ru]").fill("Таласская молодёжная инициатива")
        form.locator("textarea[name=bio_ky]").fill("Жаштар менен бюджет угуулары.")
        form.locator("select[name=home_region]").select_option("KG-T")
        form.locator("input[name=regions_served][value=KG-T]").check()
        budget = ExpertiseArea.objects.get(code="budget-transparency")
        form.locator(f"input[name=expertise_areas][value='{budget.pk}']").check()
        form.locator("input[name=phone]").fill("+996700123456")
        form.locator("button[type=submit]").click()

        consultant = Consultant.objects.get(user__email="youth@talas.kg")
        assert consultant.status == NetworkStatus.APPLICANT
        expect(applicant).to_have_url(live_url(f"/ky/consultants/{consultant.pk}/"))
        expect(applicant.locator(".notice[role=status]")).to_have_count(1)
        expect(applicant.locator(".status").first).to_have_class(
            re.compile("status-applicant")
        )

        visitor = new_page()
        visitor.goto(live_url("/ky/consultants/?q=жаштар+демилгеси"))
        expect(result_count(visitor)).to_have_attribute("data-count", "0")
        response = visitor.goto(live_url(f"/ky/consultants/{consultant.pk}/"))
        assert response.status == 404

        academy = new_page()
        sign_in(academy, admin)
        academy.goto(live_url("/ky/consultants/applications/"))
        academy.get_by_role("link", name=name).click()
        expect(academy).to_have_url(
            live_url(f"/ky/consultants/applications/{consultant.pk}/")
        )
        expect(academy.locator("body")).to_contain_text("youth@talas.kg")
        academy.locator("button[name=accept]").click()
        expect(academy).to_have_url(live_url("/ky/consultants/applications/"))
        expect(academy.get_by_role("link", name=name)).to_have_count(0)

        consultant.refresh_from_db()
        assert consultant.status == NetworkStatus.PROVISIONAL

        visitor.goto(live_url("/ky/consultants/?q=ЖАШТАР+ДЕМИЛГЕСИ"))
        expect(result_count(visitor)).to_have_attribute("data-count", "1")
        row = visitor.locator("#results tbody tr")
        expect(row.locator(".status")).to_have_class(re.compile("status-provisional"))
        row.get_by_role("link", name=name).click()
        expect(visitor.locator("h1")).to_have_text(name)

        # the applicant sees the decision on their own profile
        applicant.goto(live_url("/ky/consultants/mine/"))
        expect(applicant.locator(".status").first).to_have_class(
            re.compile("status-provisional")
        )
        expect(applicant.locator(".notice")).to_have_count(0)


@pytest.mark.parametrize("width", [1280, 390, 360])
def test_registry_fits_the_window(page, live_url, e2e_artifacts, width):
    """Not a judgement of looks: the page has no sideways scroll on a desktop or
    a phone, and leaves screenshots (registry-WIDTH.png in e2e_artifacts) for a
    person to look at."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_url("/ky/consultants/"))
    expect(page.locator("table.registry-list")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.screenshot(path=str(e2e_artifacts / f"registry-{width}.png"), full_page=True)
    assert overflow <= 0, f"the registry is {overflow}px wider than the window"
