"""Trust signals on a phone (360×740): the registry's badges and the
profile's figures, certificates and ratings fit the screen; the member answers
a rating from their profile in Chromium, in Kyrgyz."""

import pytest
from playwright.sync_api import expect

from consultants.models import (
    ConsultantRating,
    ExpertiseArea,
    NetworkStatus,
    RatedWork,
)
from consultants.services import rate_consultant
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import MunicipalityFactory
from tests.trainings.factories import (
    EndedTrainingFactory,
    ParticipantFactory,
    ProgrammeFactory,
    attend,
)
from trainings import services as trainings

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
LONG_COMMENT = (
    "Ичүүчү суунун тарифин эсептөөдө бардык чыгымдарды кылдат талдап, "
    "коомдук угууларды уюштуруп, айыл өкмөтүнүн кызматкерлерин окутту; "
    "https://example-municipality.kg/tariff/report/2026/very-long-link"
)


def assert_no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide"


@pytest.fixture
def rated_member(db, academy_admin):
    member = ConsultantFactory(
        user=ConsultantUserFactory(),
        name_ky="Борбордук Азиянын жергиликтүү өз алдынча башкаруу демилгелери",
        status=NetworkStatus.PROVISIONAL,
    )
    training = EndedTrainingFactory()
    training.expertise_areas.add(*ExpertiseArea.objects.all()[:5])
    attend(ParticipantFactory(training=training, consultant=member))
    trainings.certificate_issue(
        consultant=member,
        programme=ProgrammeFactory(required_trainings=[training]),
        by=academy_admin,
    )
    for n, stars in enumerate((5, 4)):
        rate_consultant(
            consultant=member,
            municipality=MunicipalityFactory(),
            work=RatedWork.CONSULTATION,
            work_id=500 + n,
            rating=stars,
            comment=LONG_COMMENT,
        )
    member.refresh_from_db()
    return member


def test_registry_and_profile_fit_a_phone_and_the_member_answers(
    new_page, sign_in, live_url, rated_member
):
    page = new_page(viewport=PHONE)
    page.goto(live_url(f"/ky/consultants/?q={rated_member.name_ky[:20]}"))
    assert_no_sideways_scroll(page)
    badges = page.locator("#results .trust-badges").first
    expect(badges.locator(".trust-rating")).to_contain_text("★ 4.5 (2)")
    page.goto(live_url(rated_member.get_absolute_url()))
    assert_no_sideways_scroll(page)
    expect(page.locator("#trust .active-certificates")).to_have_text("1")
    expect(page.locator("#certificates-in-force a")).to_have_count(1)
    expect(page.locator(".rating-answer-form")).to_have_count(0)

    sign_in(page, rated_member.user)
    page.goto(live_url(rated_member.get_absolute_url()))
    assert_no_sideways_scroll(page)
    forms = page.locator(".rating-answer-form")
    expect(forms).to_have_count(2)
    forms.first.locator("textarea").fill("Рахмат, баа үчүн!")
    forms.first.locator("button").click()
    expect(page.locator(".rating-answer")).to_contain_text("Рахмат, баа үчүн!")
    expect(page.locator(".rating-answer-form")).to_have_count(1)
    assert_no_sideways_scroll(page)
    assert ConsultantRating.objects.filter(answered_at__isnull=False).count() == 1
