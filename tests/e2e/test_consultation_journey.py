"""Asking the network, in Kyrgyz, in Chromium: staff of a Naryn ayil okmotu
find tariff members of Naryn by typing in the search, see their ratings, send
them a request; two members answer; staff choose one; after the work both
sides rate each other. And the pages at 360 px."""

import pytest
from playwright.sync_api import expect

from consultants.models import ConsultantRating, NetworkStatus, RatedWork
from consultants.services import rate_consultant
from consultations.models import ConsultationRequest, MunicipalityRating
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.municipalities.factories import (
    MunicipalityFactory,
    StaffMembershipFactory,
    region,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
# typed in Latin letters, as on a phone without a Kyrgyz keyboard
SEARCH = "naryn tarif"


def assert_no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide"


@pytest.fixture
def naryn(db):
    tariffs = ExpertiseAreaFactory(code="tariffs")
    ayil = MunicipalityFactory(name_ky="Кочкор айыл өкмөтү")
    staff = StaffMembershipFactory(municipality=ayil).user
    members = []
    for name, rating in (("Асель Тарифова", 5), ("Нурлан Эсепчиев", 4)):
        member = ConsultantFactory(
            name_ky=name,
            bio_ky="Нарын облусунда суу жана таштанды тарифтерин эсептейм.",
            status=NetworkStatus.CERTIFIED,
            user=ConsultantUserFactory(),
            expertise_areas=[tariffs],
        )
        rate_consultant(
            consultant=member,
            municipality=MunicipalityFactory(),
            work=RatedWork.CONTRACT,
            work_id=900 + rating,
            rating=rating,
        )
        members.append(member)
    # a tariff member of Chüy does not come up for "нарын"
    ConsultantFactory(
        name_ky="Чүй Тарифчи",
        bio_ky="Чүй облусунда тарифтер.",
        home_region=region("KG-C"),
        expertise_areas=[tariffs],
        user=ConsultantUserFactory(),
    )
    return {"staff": staff, "members": members, "municipality": ayil}


def test_ask_the_network_answer_choose_and_rate_both_ways(
    new_page, sign_in, naryn, live_url
):
    staff_page = new_page()
    sign_in(staff_page, naryn["staff"])
    # the registry finds them as typed, in Latin letters, with their ratings
    staff_page.goto(live_url("/ky/consultants/"))
    staff_page.fill("#id_q", SEARCH)
    staff_page.press("#id_q", "Enter")
    for member in naryn["members"]:
        row = staff_page.locator("li, tr").filter(has_text=member.name_ky).last
        expect(row).to_be_visible()
        expect(row).to_contain_text("★")
    expect(staff_page.locator("main")).not_to_contain_text("Чүй Тарифчи")
    # the request page searches the same way and shows the ratings
    staff_page.goto(live_url("/ky/consultations/new/"))
    staff_page.fill("#id_q", SEARCH)
    staff_page.locator("#member-search button[type=submit]").click()
    candidates = staff_page.locator("#candidates tbody tr")
    expect(candidates).to_have_count(2)
    expect(candidates.first).to_contain_text("(1 баа)")
    expect(staff_page.locator("#candidates")).not_to_contain_text("Чүй Тарифчи")
    for member in naryn["members"]:
        staff_page.check(f"#member-{member.pk}")
    staff_page.fill("#id_topic", "Ичүүчү суунун тарифин эсептөө")
    staff_page.select_option(
        "#id_expertise_area", value=str(naryn["members"][0].expertise_areas.get().pk)
    )
    staff_page.fill("#id_description", "Суу түтүгүнүн тарифин кайра эсептеп берүү.")
    staff_page.fill("#id_timeframe", "январда эки жума")
    staff_page.fill("#id_budget", "60000")
    staff_page.get_by_role("button", name="Сурамды жөнөтүү").click()
    expect(staff_page.locator(".messages, [role=status]").first).to_contain_text(
        "Сурам жөнөтүлдү"
    )
    request_ = ConsultationRequest.objects.get()
    assert request_.recipients.count() == 2

    # two members answer, each on their own page
    prices = {}
    for member, price in zip(naryn["members"], ("50000", "45000"), strict=True):
        page = new_page()
        sign_in(page, member.user)
        page.goto(live_url(request_.get_absolute_url()))
        expect(page.locator("h1")).to_have_text(request_.topic)
        page.check("#id_reply_0")
        page.fill("#id_offer", f"{member.name_ky}: эки жумада эсептеп берем.")
        page.fill("#id_price", price)
        page.get_by_role("button", name="Жообумду жөнөтүү").click()
        expect(page.locator("#my-answer")).to_contain_text("эки жумада")
        prices[member.pk] = price
        page.context.close()

    # staff see both side by side and choose the first
    staff_page.goto(live_url(request_.get_absolute_url()))
    answers = staff_page.locator("#answers tbody tr")
    expect(answers).to_have_count(2)
    chosen_member = naryn["members"][0]
    staff_page.get_by_role(
        "button", name=f"{chosen_member.name_ky} сунушун тандоо"
    ).click()
    expect(staff_page.locator(".status").first).to_have_text("мүчө менен макулдашылды")

    # after the work: staff mark it done and rate the member
    staff_page.check("#id_rating_0")  # 5
    staff_page.fill("#id_comment", "Так жана өз убагында.")
    staff_page.get_by_role(
        "button", name="Ишти аткарылды деп белгилеп, баа берүү"
    ).click()
    expect(staff_page.locator("#consultant-rating")).to_contain_text("5/5")
    assert (
        ConsultantRating.objects.get(work="consultation", work_id=request_.pk).rating
        == 5
    )

    # the chosen member rates the municipality
    page = new_page()
    sign_in(page, chosen_member.user)
    page.goto(live_url(request_.get_absolute_url()))
    page.check("#id_overall_0")
    page.check("#id_clarity_1")
    page.check("#id_payment_0")
    page.fill("#id_comment", "Тапшырма түшүнүктүү болчу.")
    page.get_by_role("button", name="Баамды жарыялоо").click()
    expect(page.locator("#municipality-rating")).to_contain_text("5/5")
    rating = MunicipalityRating.objects.get()
    assert (rating.overall, rating.clarity, rating.payment) == (5, 4, 5)

    # the municipality's page shows it; its staff answer once, in public
    staff_page.goto(live_url(naryn["municipality"].get_absolute_url()))
    panel = staff_page.locator("#municipality-ratings")
    expect(panel).to_contain_text("Тапшырма түшүнүктүү болчу.")
    panel.locator("textarea").fill("Рахмат, дагы чогуу иштейбиз.")
    panel.get_by_role("button").click()
    expect(staff_page.locator("#municipality-ratings")).to_contain_text("Рахмат")
    expect(staff_page.locator("#municipality-ratings textarea")).to_have_count(0)


def test_request_pages_fit_a_phone(new_page, sign_in, naryn, live_url):
    from consultations import services

    staff = naryn["staff"]
    one, two = naryn["members"]
    request_ = services.request_send(
        municipality=naryn["municipality"],
        by=staff,
        values={
            "topic": "Таштанды чогултуунун тарифин эсептөө жана негиздөө",
            "expertise_area": one.expertise_areas.get(),
            "description": "Узун сыпаттама " * 20,
            "timeframe": "эки жума",
        },
        audience="chosen",
        members=[one, two],
    )
    services.request_answer(
        request=request_, by=one.user, interested=True, offer="Сунуш " * 30,
        price="1250000",
    )  # fmt: skip
    page = new_page(viewport=PHONE)
    sign_in(page, staff)
    for path in (
        "/ky/consultations/",
        f"/ky/consultations/new/?q={SEARCH}",
        request_.get_absolute_url(),
    ):
        page.goto(live_url(path))
        assert_no_sideways_scroll(page)
    member_page = new_page(viewport=PHONE)
    sign_in(member_page, two.user)
    member_page.goto(live_url(request_.get_absolute_url()))
    assert_no_sideways_scroll(member_page)


def test_the_request_works_without_javascript(new_page, sign_in, naryn, live_url):
    page = new_page(java_script_enabled=False)
    sign_in(page, naryn["staff"])
    page.goto(live_url(f"/ky/consultations/new/?q={SEARCH}"))
    page.check("#id_audience_1")  # every matching member of the region
    page.fill("#id_topic", "Тариф")
    page.select_option(
        "#id_expertise_area",
        value=str(naryn["members"][0].expertise_areas.get().pk),
    )
    page.fill("#id_description", "Тапшырма")
    page.fill("#id_timeframe", "бир ай")
    page.get_by_role("button", name="Сурамды жөнөтүү").click()
    request_ = ConsultationRequest.objects.get()
    # the two Naryn members, not the Chüy one
    assert set(request_.recipients.values_list("consultant", flat=True)) == {
        m.pk for m in naryn["members"]
    }
