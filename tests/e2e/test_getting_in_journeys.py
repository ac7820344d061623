"""Getting in without the Django admin, in a real browser: municipal staff of
an ayil okmotu in Naryn sign up in Kyrgyz, are confirmed by the region's
coordinator and create a draft tender; a first member of the network takes
over their profile from the academy's invitation and edits it. The people
who get in use pages without JavaScript: every step must work without it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from consultants.models import Consultant, ExpertiseArea
from municipalities.models import MembershipStatus, Municipality, StaffMembership
from portal.accounts.models import Role, User
from portal.outbox.services import outbox_dispatch
from procurement.models import Tender, TenderStatus
from tests.accounts.factories import AcademyAdminFactory, CoordinatorFactory
from tests.municipalities.factories import region

pytestmark = pytest.mark.e2e

KOCHKOR = "41704235816000"  # Кочкорский айылный аймак, Naryn; village Кочкорка
LINK = re.compile(r"https?://[^/\s]+(/\S+/consultants/\d+/claim/\S+/)")


def label(language: str, choice) -> str:
    with translation.override(language):
        return str(choice.label)


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_staff_of_an_ayil_okmotu_in_naryn_gets_from_sign_up_to_a_draft_tender(
    new_page, sign_in, live_url, db
):
    coordinator = CoordinatorFactory(full_name="Нарын координатору")
    coordinator.coordinated_regions.add(region("KG-N"))
    aimak = Municipality.objects.get(soate=KOCHKOR)

    # -- signs up in Kyrgyz, saying she is municipal staff
    staff = new_page(locale="ky-KG", java_script_enabled=False)
    staff.goto(live_url("/ky/accounts/signup/"))
    expect(staff.locator("html")).to_have_attribute("lang", "ky")
    signup = staff.locator("form").filter(has=staff.locator("input[name=password2]"))
    signup.locator("input[name=signup_as][value=municipal_staff]").check()
    signup.locator("input[name=full_name]").fill("Айгүл Жумабаева")
    signup.locator("input[name=email]").fill("aigul@kochkor.kg")
    signup.locator("input[name=password1]").fill("Kochkor-Aimak-2026!")
    signup.locator("input[name=password2]").fill("Kochkor-Aimak-2026!")
    signup.locator("[type=submit]").first.click()
    expect(staff).to_have_url(live_url("/ky/municipalities/join/"))

    # -- finds her ayil okmotu by the village, gives position and phone
    search = staff.locator("#municipality-search")
    search.locator("input[name=q]").fill("кочкорка")
    search.locator("[type=submit]").click()
    request = staff.locator("#staff-request")
    request.locator(f"input[name=municipality][value='{aimak.pk}']").check()
    request.locator("input[name=position]").fill("Айыл өкмөтүнүн адиси")
    request.locator("input[name=work_phone]").fill("+996312555777")
    request.locator("#send-request").click()
    expect(staff.locator("#membership-status")).to_have_text(
        label("ky", MembershipStatus.PENDING)
    )
    user = User.objects.get(email="aigul@kochkor.kg")
    assert user.preferred_language == "ky" and user.role == ""
    # no staff rights while waiting
    assert staff.goto(live_url("/ky/tenders/new/")).status == 403

    # -- the coordinator of Naryn confirms her
    confirmer = new_page(locale="ky-KG", java_script_enabled=False)
    sign_in(confirmer, coordinator)
    confirmer.goto(live_url("/ky/municipalities/staff/"))
    membership = StaffMembership.objects.get(user=user)
    row = confirmer.locator(f"#membership-{membership.pk}")
    expect(row).to_contain_text("Айгүл Жумабаева")
    row.locator("button[name=confirm]").click()
    expect(confirmer.locator(f"#membership-{membership.pk}")).to_have_count(0)
    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == ("confirmed", coordinator)

    # -- she now creates a draft tender for her municipality
    staff.goto(live_url("/ky/municipalities/join/"))
    expect(staff.locator("#membership-status")).to_have_text(
        label("ky", MembershipStatus.CONFIRMED)
    )
    staff.goto(live_url("/ky/tenders/new/"))
    now = timezone.now()
    deadline = now + timedelta(days=20)
    form = staff.locator("#tender-form")
    form.locator("[name=title_ky]").fill("Ичүүчү суунун тарифин эсептөө")
    form.locator("[name=description_ky]").fill("Кочкор айыл өкмөтү үчүн тариф эсеби.")
    form.locator("[name=service_kind]").select_option("tariff")
    form.locator("[name=expertise_areas][value]").first.check()
    form.locator("[name=estimated_budget]").fill("300000")
    form.locator("[name=eligibility]").select_option("registered")
    form.locator("[name=questions_deadline]").fill(local_input(now + timedelta(days=7)))
    form.locator("[name=submission_deadline]").fill(local_input(deadline))
    form.locator("[name=opening_at]").fill(local_input(deadline + timedelta(hours=1)))
    form.locator("[name=criteria-0-name_ky]").fill("Методология")
    form.locator("[name=criteria-0-weight]").fill("100")
    form.locator("button[type=submit]").click()
    staff.wait_for_url(re.compile(r"/ky/tenders/\d+/$"))
    tender = Tender.objects.get()
    assert (tender.municipality, tender.status) == (aimak, TenderStatus.DRAFT)
    expect(staff.locator("h1")).to_contain_text("Ичүүчү суунун тарифин эсептөө")
    # the draft is on the municipality's page for her, not for the public
    staff.goto(live_url(aimak.get_absolute_url()))
    expect(staff.locator("#municipality-tenders")).to_contain_text(
        "Ичүүчү суунун тарифин эсептөө"
    )
    visitor = new_page(java_script_enabled=False)
    visitor.goto(live_url(aimak.get_absolute_url()))
    expect(visitor.locator("#municipality-tenders")).not_to_contain_text(
        "Ичүүчү суунун тарифин эсептөө"
    )


def test_a_first_member_takes_over_the_profile_from_the_invitation_and_edits_it(
    new_page, sign_in, live_url, db
):
    admin = AcademyAdminFactory()
    member = Consultant.objects.get(name_ky="Нарын экономикалык өнүгүү борбору")
    assert member.user is None

    # -- the academy invites the member from the profile page
    academy = new_page()
    sign_in(academy, admin)
    academy.goto(live_url(f"/ky/consultants/{member.pk}/"))
    academy.locator("#invite-member").click()
    invitation = academy.locator("#invitation-form")
    invitation.locator("input[name=email]").fill("centre@naryn.kg")
    invitation.locator("button[type=submit]").click()
    expect(academy).to_have_url(live_url(f"/ky/consultants/{member.pk}/"))
    outbox_dispatch()
    link = live_url(LINK.search(mail.outbox[-1].body).group(1))
    assert mail.outbox[-1].to == ["centre@naryn.kg"]

    # -- the member opens the link (no JavaScript), creates the account
    visitor = new_page(java_script_enabled=False)
    visitor.goto(link)
    signup = visitor.locator("#invitation-signup")
    signup.locator("input[name=full_name]").fill("Бакыт Осмонов")
    signup.locator("input[name=password1]").fill("Naryn-Centre-2026!")
    signup.locator("input[name=password2]").fill("Naryn-Centre-2026!")
    signup.locator("button[type=submit]").click()
    expect(visitor).to_have_url(live_url(f"/ky/consultants/{member.pk}/edit/"))
    member.refresh_from_db()
    assert member.user.email == "centre@naryn.kg"
    assert member.user.role == Role.CONSULTANT

    # -- and edits the profile
    form = visitor.locator("form.stacked")
    form.locator("textarea[name=bio_ky]").fill(
        "Нарын облусунда жергиликтүү экономикалык өнүгүү боюнча иштейбиз."
    )
    form.locator("input[name=email]").fill("centre@naryn.kg")
    form.locator("input[name=phone]").fill("+996700555444")
    tariffs = ExpertiseArea.objects.get(code="tariffs")
    form.locator(f"input[name=expertise_areas][value='{tariffs.pk}']").check()
    form.locator("button[type=submit]").click()
    expect(visitor).to_have_url(live_url(f"/ky/consultants/{member.pk}/"))
    expect(visitor.locator(".bio")).to_contain_text("жергиликтүү экономикалык өнүгүү")
    member.refresh_from_db()
    assert member.phone == "+996700555444"

    # -- the link does not work a second time
    again = new_page(java_script_enabled=False)
    response = again.goto(link)
    assert response.status == 400
