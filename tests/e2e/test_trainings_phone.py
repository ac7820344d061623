"""Trainings and certificates on a phone (360×740), in Kyrgyz: with tables
full of long names, every page fits the screen's width (no sideways scroll),
and the attendance ticks are labelled targets of at least 24×24 px.

Assertions use ids, names and measured sizes, not UI wording."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.accounts.factories import AcademyAdminFactory, ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory
from tests.trainings.factories import (
    ParticipantFactory,
    ProgrammeFactory,
    TrainingFactory,
    attend,
)
from trainings import services
from trainings.models import Participant

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
LONG_NAME = (
    "Коомдук бирикме «Нарын облусунун жергиликтүү өз алдынча башкаруу "
    "органдарын өнүктүрүү жана колдоо борбору»"
)
LONG_TITLE = (
    "Муниципалдык кызмат көрсөтүүлөрдүн тарифтерин эсептөө жана жарандык "
    "бюджетти даярдоо боюнча жети күндүк окутуу"
)
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def full_tables(transactional_db):
    """A seven-day training that is under way (four days begun), one that
    ended with six completers certified, a certificate with a long history,
    and a consultant with an account."""
    today = timezone.localdate()
    admin = AcademyAdminFactory(full_name="Академиянын администратору Айгүл")
    running = TrainingFactory(
        title=LONG_TITLE,
        title_ky=LONG_TITLE,
        start_date=today - timedelta(3),
        end_date=today + timedelta(3),
        venue="Нарын шаары, Ленин көчөсү 42, облустук администрациянын чоң залы",
        capacity=40,
    )
    ended = TrainingFactory(
        title=LONG_TITLE + " (биринчи агым)",
        title_ky=LONG_TITLE + " (биринчи агым)",
        start_date=today - timedelta(30),
        end_date=today - timedelta(24),
    )
    holder = ConsultantFactory(
        name=LONG_NAME, name_ky=LONG_NAME, user=ConsultantUserFactory()
    )
    members = [holder] + [
        ConsultantFactory(name=f"{LONG_NAME} №{n}", name_ky=f"{LONG_NAME} №{n}")
        for n in range(5)
    ]
    for member in members:
        attend(
            ParticipantFactory(
                training=running,
                consultant=member,
                representative="Асанова Айгүл Бакытбековна, директордун орун басары",
            ),
            running.days[:2],
        )
        attend(ParticipantFactory(training=ended, consultant=member))
    programme = ProgrammeFactory(
        name=LONG_TITLE, name_ky=LONG_TITLE, required_trainings=[ended]
    )
    certificates = [
        services.certificate_issue(consultant=m, programme=programme, by=admin)
        for m in members[:5]
    ]
    certificate = certificates[0]
    reason = "Катышуу барагы туура эмес толтурулган; " * 4
    services.certificate_suspend(certificate=certificate, reason=reason, by=admin)
    services.certificate_reinstate(certificate=certificate, by=admin, reason=reason)
    services.certificate_suspend(certificate=certificate, reason=reason, by=admin)
    return {
        "admin": admin,
        "running": running,
        "ended": ended,
        "programme": programme,
        "certificate": certificate,
        "holder": holder,
        "last": members[-1],
    }


def _assert_fits(page, path, live_url):
    page.goto(live_url(path))
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(FITS), f"{path} is {widths[0]} px wide at {widths[1]} px"


def test_every_trainings_page_fits_a_phone(new_page, sign_in, live_url, full_tables):
    t = full_tables
    running, ended, programme = t["running"], t["ended"], t["programme"]
    certificate = t["certificate"]
    public = [
        "/ky/trainings/",
        f"/ky/trainings/{running.pk}/",
        "/ky/programmes/",
        f"/ky/programmes/{programme.pk}/",
        "/ky/verify/",
        f"/ky/verify/{certificate.public_code}/",
        f"/ky/verify/{certificate.number}/",
        "/ky/verify/?code=BAZhBA-1999-00001",
    ]
    visitor = new_page(viewport=PHONE)
    for path in public:
        _assert_fits(visitor, path, live_url)

    admin = sign_in(new_page(viewport=PHONE), t["admin"])
    for path in [
        f"/ky/trainings/{running.pk}/",
        f"/ky/trainings/{running.pk}/attendance/",
        f"/ky/trainings/{running.pk}/certify/",
        f"/ky/trainings/{ended.pk}/",
        f"/ky/trainings/{ended.pk}/attendance/",
        f"/ky/trainings/{ended.pk}/certify/",
        f"/ky/trainings/{running.pk}/edit/",
        "/ky/trainings/new/",
        f"/ky/programmes/{programme.pk}/",
        f"/ky/programmes/{programme.pk}/edit/",
        "/ky/programmes/new/",
        "/ky/certificates/",
        f"/ky/certificates/{certificate.pk}/",
        f"/ky/verify/{certificate.public_code}/",
    ]:
        _assert_fits(admin, path, live_url)

    # the revocation's confirmation page
    admin.goto(live_url(f"/ky/certificates/{certificate.pk}/"))
    admin.fill("#revoke-reason", "Катышуу барагы туура эмес толтурулган. " * 3)
    admin.locator("#revoke-form [type=submit]").click()
    admin.locator("#confirm").wait_for()
    assert admin.evaluate(FITS)

    holder = sign_in(new_page(viewport=PHONE), t["holder"].user)
    for path in ["/ky/trainings/mine/", f"/ky/certificates/{certificate.pk}/"]:
        _assert_fits(holder, path, live_url)


def test_attendance_ticks_are_labelled_targets_on_a_phone(
    new_page, sign_in, live_url, full_tables, e2e_artifacts
):
    t = full_tables
    running = t["running"]
    page = sign_in(new_page(viewport=PHONE), t["admin"])
    page.goto(live_url(f"/ky/trainings/{running.pk}/attendance/"))
    assert page.evaluate(FITS)
    page.screenshot(path=e2e_artifacts / "attendance-phone.png", full_page=True)
    participant = Participant.objects.get(training=running, consultant=t["last"])
    boxes = page.locator(f"[name=attended-{participant.pk}]")
    assert boxes.count() == 7
    for i, day in enumerate(running.days):
        box = boxes.nth(i)
        # a real label naming the participant and the day
        name = box.evaluate("b => b.labels[0].textContent")
        assert t["last"].name in name and str(day.year) in name
        size = box.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24
        label = box.evaluate(
            "b => { const r = b.labels[0].getBoundingClientRect();"
            " return [r.width, r.height]; }"
        )
        assert label[0] >= 24 and label[1] >= 24
        # the days not begun yet cannot be ticked
        assert box.is_disabled() == (i >= 4)

    # tapping the label ticks the box; saved, the third day is recorded
    boxes.nth(2).evaluate("b => b.labels[0].click()")
    page.locator("#attendance-form [type=submit]").click()
    page.locator(".messages .success").wait_for()
    assert participant.attended_dates == set(running.days[:3])
