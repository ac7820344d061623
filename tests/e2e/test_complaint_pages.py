"""The complaint pages on a phone (360×740): the review commission's page,
the academy's page of its members, a tender with a public decision, and the
resume form of a suspended tender fit the screen without sideways scrolling.
The commission's decision works without JavaScript (confirmation page)."""

import pytest
from django.utils import timezone

from procurement import services
from tests.accounts.factories import AcademyAdminFactory, ReviewBodyFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import certified_consultant, tender_at_status

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def suspended(db, settings, tmp_path):
    """A tender suspended after a terms complaint, and one awaiting a decision."""
    settings.MEDIA_ROOT = tmp_path
    staff = StaffMembershipFactory().user
    tender, _ = tender_at_status("published", staff=staff)
    complaint = services.complaint_file(
        tender=tender,
        consultant=certified_consultant(),
        subject="terms",
        text="Тажрыйба боюнча талап ашыкча: он жыл " * 8,
    )
    services.complaint_explain(
        complaint=complaint, by=staff, explanation="Программа татаал. " * 10
    )
    services.complaint_decide(
        complaint=complaint,
        by=ReviewBodyFactory(),
        decision="partly_upheld",
        reasons="Талап беш жылга чейин кыскартылсын. " * 6,
        effect="suspend",
    )
    other, _ = tender_at_status("published")
    waiting = services.complaint_file(
        tender=other, consultant=certified_consultant(), subject="terms", text="Ката."
    )
    services.complaint_explain(
        complaint=waiting,
        by=other.municipality.staff.first().user,
        explanation="Жооп.",
    )
    return staff, tender, waiting


def test_complaint_pages_fit_a_phone(new_page, sign_in, live_url, suspended):
    staff, tender, _ = suspended
    pages = [
        (ReviewBodyFactory(), "/ru/tenders/review/"),
        (AcademyAdminFactory(), "/ru/tenders/review/members/"),
        (None, f"/ru/tenders/{tender.pk}/"),
        (staff, f"/ru/tenders/{tender.pk}/resume/"),
    ]
    for user, path in pages:
        page = new_page(locale="ru-RU", viewport=PHONE)
        if user is not None:
            sign_in(page, user, language="ru")
        page.goto(live_url(path))
        assert page.evaluate(FITS), path


def test_the_commission_decides_without_javascript(
    new_page, sign_in, live_url, suspended
):
    _, _, waiting = suspended
    page = new_page(locale="ky-KG", java_script_enabled=False, viewport=PHONE)
    sign_in(page, ReviewBodyFactory())
    page.goto(live_url("/ky/tenders/review/"))
    form = page.locator(f"#complaint-{waiting.pk} form.decision-form")
    form.locator("[name$=-decision][value=upheld]").check()
    form.locator("[name$=-effect][value=cancel]").check()
    form.locator("[name$=-reasons]").fill("Шарттар мыйзамга каршы.")
    form.locator("button[type=submit]").click()
    assert page.evaluate(FITS)
    page.locator("#confirm").click()
    page.wait_for_url(f"**/ky/tenders/{waiting.tender_id}/")
    waiting.refresh_from_db()
    waiting.tender.refresh_from_db()
    assert waiting.decision == "upheld"
    assert waiting.tender.status == "cancelled"
    assert waiting.answered_at <= timezone.now()
