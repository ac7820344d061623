"""The procurement methods' pages on a phone (360×740), in Kyrgyz: the
method section of a tender (single-source justification, a published
shortlist with long names and reasons), the expression-of-interest form, the
shortlist, the request for proposals and the draft's method fields fit the
screen's width. Assertions use ids, not UI wording."""

from datetime import timedelta

import pytest
from django.utils import timezone

from procurement import services
from procurement.models import Invitation, Tender
from tests.accounts.factories import ConsultantUserFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import TenderFactory, certified_consultant

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
LONG_NAME = (
    "Коомдук бирикме «Нарын облусунун жергиликтүү өз алдынча башкаруу "
    "органдарын өнүктүрүү жана колдоо борбору»"
)
REASON = "Акыркы беш жылда ушундай төрт стратегияны иштеп чыккан; " * 3


@pytest.fixture
def method_tenders(transactional_db):
    staff = StaffMembershipFactory().user
    municipality = staff.staff_membership.municipality
    now = timezone.now()
    members = [
        certified_consultant(name=f"{LONG_NAME} №{n}", name_ky=f"{LONG_NAME} №{n}")
        for n in range(4)
    ]
    applicant = certified_consultant(
        name=LONG_NAME, name_ky=LONG_NAME, user=ConsultantUserFactory()
    )
    draft = TenderFactory(municipality=municipality, procurement_method="two_stage",
                          interest_deadline=now + timedelta(days=12))  # fmt: skip
    calling = TenderFactory(municipality=municipality, procurement_method="two_stage",
                            interest_deadline=now + timedelta(days=11))  # fmt: skip
    services.interest_call(tender=calling, by=staff)
    closing = TenderFactory(municipality=municipality, procurement_method="two_stage",
                            interest_deadline=now + timedelta(days=11))  # fmt: skip
    services.interest_call(tender=closing, by=staff)
    for member in members:
        services.interest_express(
            tender=closing,
            consultant=member,
            interest=services.Interest(experience=REASON, relevant_contracts=4),
        )
    # the call has closed
    Tender.objects.filter(pk=closing.pk).update(
        interest_deadline=now - timedelta(hours=1)
    )
    shortlisted = TenderFactory(municipality=municipality,
                                procurement_method="two_stage",
                                interest_deadline=now - timedelta(days=2))  # fmt: skip
    Tender.objects.filter(pk=shortlisted.pk).update(
        status="shortlisted",
        published_at=now - timedelta(days=20),
        shortlist_published_at=now - timedelta(days=1),
    )
    for member in members[:3]:
        Invitation.objects.create(tender=shortlisted, consultant=member, reason=REASON)
    single = TenderFactory(
        municipality=municipality,
        procurement_method="single_source",
        selection_method="consultSingleSource",
        single_source_consultant=members[0],
        single_source_justification=REASON,
    )
    single.publish()
    return {
        "staff": staff,
        "applicant": applicant,
        "draft": draft,
        "calling": calling,
        "closing": closing,
        "shortlisted": shortlisted,
        "single": single,
    }


def _assert_fits(page, path, live_url, marker):
    page.goto(live_url(path))
    page.locator(marker).first.wait_for()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(FITS), f"{path} is {widths[0]} px wide at {widths[1]} px"


def test_method_pages_fit_a_phone(new_page, sign_in, live_url, method_tenders):
    t = method_tenders
    visitor = new_page(viewport=PHONE)
    for key in ("calling", "shortlisted", "single"):
        _assert_fits(visitor, f"/ky/tenders/{t[key].pk}/", live_url, "#tender-method")
    assert visitor.locator("#shortlist").count() == 0  # the single source page
    _assert_fits(visitor, f"/ky/tenders/{t['shortlisted'].pk}/", live_url, "#shortlist")

    member = sign_in(new_page(viewport=PHONE), t["applicant"].user)
    _assert_fits(
        member, f"/ky/tenders/{t['calling'].pk}/", live_url, "#express-interest"
    )
    _assert_fits(
        member, f"/ky/tenders/{t['calling'].pk}/interest/", live_url, "#interest-form"
    )

    staff = sign_in(new_page(viewport=PHONE), t["staff"])
    for path, marker in [
        (f"/ky/tenders/{t['draft'].pk}/", "#call-for-interest"),
        (f"/ky/tenders/{t['closing'].pk}/shortlist/", "#shortlist-form"),
        (f"/ky/tenders/{t['shortlisted'].pk}/", "#request-proposals"),
        (f"/ky/tenders/{t['shortlisted'].pk}/proposals/", "#proposals-form"),
    ]:
        _assert_fits(staff, path, live_url, marker)
    # the draft's form: the method fields fit (the criteria table above them
    # is the tender form's layout, wip/tender-form's)
    staff.goto(live_url(f"/ky/tenders/{t['draft'].pk}/edit/"))
    right = staff.evaluate(
        "document.querySelector('#method-fields').getBoundingClientRect().right"
    )
    assert right <= PHONE["width"]
