"""The academy's certification journey in a real browser, in Kyrgyz (and the
public verification in Russian): an administrator creates a training and a
programme that requires it, records attendance on the sheet, certifies the
completers in bulk; the member's registry entry says certified; the PDF
downloads; the verification page says active, and revoked after revocation.

Assertions use names, ids and data attributes, not UI wording, so that the
translator may change the words freely.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultants.models import NetworkStatus
from tests.accounts.factories import AcademyAdminFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import region
from trainings.models import Certificate, CertificateStatus, Training

pytestmark = pytest.mark.e2e


@pytest.fixture
def members(transactional_db):
    """Two provisional members of Naryn who come to the training."""
    return [
        ConsultantFactory(
            name=name,
            name_ky=name,
            name_ru=name,
            home_region=region("KG-N"),
            email=email,
        )
        for name, email in [
            ("Ак-Талаа өнүгүү борбору", "ak-talaa@ngo.kg"),
            ("Кочкор жаштар демилгеси", "kochkor@ngo.kg"),
        ]
    ]


def test_administrator_certifies_completers_and_anyone_verifies(
    page, new_page, sign_in, live_url, members, e2e_artifacts
):
    admin = AcademyAdminFactory(full_name="Академиянын администратору")
    completer, dropout = members
    first_day = timezone.localdate() - timedelta(2)
    days = [first_day, first_day + timedelta(1)]
    sign_in(page, admin)

    # a new two-day training in Naryn
    page.goto(live_url("/ky/trainings/new/"))
    page.fill("[name=title_ky]", "Жергиликтүү бюджеттин ачык-айкындуулугу")
    page.fill("[name=title_ru]", "Прозрачность местного бюджета")
    page.fill("[name=organizer_ky]", "БАЖБА")
    page.fill("[name=start_date]", days[0].isoformat())
    page.fill("[name=end_date]", days[1].isoformat())
    page.select_option("[name=region]", "KG-N")
    page.locator("form.stacked [type=submit]").click()
    training = Training.objects.get(title_ky="Жергиликтүү бюджеттин ачык-айкындуулугу")
    expect(page).to_have_url(live_url(f"/ky/trainings/{training.pk}/"))

    # a programme that requires it, valid two years by default
    page.goto(live_url("/ky/programmes/new/"))
    page.fill("[name=name_ky]", "Бюджеттик ачык-айкындуулук боюнча консультант")
    page.check(f"[name=required_trainings][value='{training.pk}']")
    expect(page.locator("[name=validity_months]")).to_have_value("24")
    page.locator("form.stacked [type=submit]").click()
    expect(page.locator("h1")).to_have_text(
        "Бюджеттик ачык-айкындуулук боюнча консультант"
    )

    # the attendance sheet: both take part, one misses the second day
    page.goto(live_url(f"/ky/trainings/{training.pk}/attendance/"))
    for member in members:
        page.select_option("#add-participant [name=consultant]", str(member.pk))
        page.locator("#add-participant [type=submit]").click()
        expect(page.locator(".messages .success")).to_be_visible()
    sheet = page.locator("#attendance-form")
    for member, present in ((completer, days), (dropout, days[:1])):
        row = sheet.locator("tr", has_text=member.name)
        for day in present:
            row.locator(f"input[type=checkbox][value='{day.isoformat()}']").check()
        row.locator("input[type=text]").fill(f"Өкүл {member.pk}")
    sheet.locator("[type=submit]").click()
    expect(page.locator(".messages .success")).to_be_visible()
    expect(
        sheet.locator("tr", has_text=completer.name).locator(".completed")
    ).to_be_visible()
    expect(
        sheet.locator("tr", has_text=dropout.name).locator(".not-completed")
    ).to_be_visible()
    page.screenshot(path=e2e_artifacts / "certification-sheet.png", full_page=True)

    # bulk certification of the completers under the programme
    page.locator("a[href$='/certify/']").last.click()
    form = page.locator("#certify-form")
    expect(form.locator("[name=consultants]")).to_have_count(1)
    expect(form.locator("[name=consultants]")).to_be_checked()
    form.locator("[type=submit]").click()
    expect(page.locator(".messages .success")).to_be_visible()
    certificate = Certificate.objects.get()
    assert certificate.consultant == completer
    assert certificate.number.startswith(f"BAZhBA-{timezone.localdate().year}-")

    # the registry entry now says certified
    page.goto(live_url("/ky/consultants/?q=Ак-Талаа"))
    row = page.locator("#results tr", has_text=completer.name)
    expect(row.locator(".status")).to_have_class("status status-certified")

    # the certificate PDF downloads
    page.goto(live_url(f"/ky/certificates/{certificate.pk}/"))
    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    pdf = download.value
    assert pdf.suggested_filename == f"{certificate.number}.pdf"
    with open(pdf.path(), "rb") as content:
        assert content.read(5) == b"%PDF-"
    pdf.save_as(e2e_artifacts / "certification.pdf")

    # anyone verifies it, here a visitor reading Russian
    visitor = new_page(locale="ru-RU")
    visitor.goto(live_url(f"/ru/verify/{certificate.public_code}/"))
    expect(visitor.locator("html")).to_have_attribute("lang", "ru")
    expect(visitor.locator("#verified-status")).to_have_attribute(
        "data-status", "active"
    )
    expect(visitor.locator("#verified-number")).to_have_text(certificate.number)
    visitor.screenshot(path=e2e_artifacts / "certification-verify.png", full_page=True)

    # the administrator revokes it, with the reason
    page.fill("#revoke-reason", "Катышуу барагы туура эмес толтурулган.")
    page.locator("#revoke-form [type=submit]").click()
    # a page of its own asks first, stating the consequence; then it is revoked
    expect(page.locator(".notice.warning")).to_be_visible()
    page.locator("#confirm").click()
    expect(page.locator("#certificate-status")).to_have_class("status status-revoked")
    page.screenshot(path=e2e_artifacts / "certification-revoked.png", full_page=True)
    visitor.reload()
    expect(visitor.locator("#verified-status")).to_have_attribute(
        "data-status", "revoked"
    )
    expect(visitor.locator("body")).not_to_contain_text("Катышуу барагы")
    certificate.refresh_from_db()
    completer.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert completer.status == NetworkStatus.PROVISIONAL

    # an unknown code says so, with 404
    response = visitor.goto(live_url("/ru/verify/no-such-code/"))
    assert response.status == 404
    expect(visitor.locator("#verify-unknown")).to_be_visible()
