"""The tender journey in a real browser, in Kyrgyz and in Russian: municipal
staff create and publish a tender and name a three-member evaluation
committee; two certified consultants bid; the deadline passes; staff open the
technical envelopes; each member declares no conflict of interest and scores
alone; staff record the technical result and open the financial envelopes
(each confirmed on a page of its own), then award; the losing bidder sees the
result and the evaluation report and files a complaint, the municipality
explains and the review commission rejects it (after a confirmation page); the
winner's contract is recorded.

Time moves with time_machine (the live server runs in this process), as beat's
deadline task would see it. Selectors use ids and field names, not wording."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation
from playwright.sync_api import expect

from procurement import services
from procurement.models import Bid, Tender, TenderStatus
from tests.e2e.steps import commission_rejects_complaint
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import PDF_BYTES, certified_consultant

pytestmark = pytest.mark.e2e


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def status_label(language, status) -> str:
    with translation.override(language):
        return str(TenderStatus(status).label)


@pytest.fixture
def people(db, settings):
    # the journey jumps weeks ahead: keep the browser sessions open meanwhile
    settings.SESSION_COOKIE_AGE = 90 * 24 * 3600
    staff = StaffMembershipFactory(user__full_name="Айгүл Асанова").user
    names = [{f"name{suffix}": name for suffix in ("", "_ky", "_ru", "_en")}
             for name in ("Нарын консалтинг", "Талас эксперт")]  # fmt: skip
    winner = certified_consultant(**names[0])
    loser = certified_consultant(**names[1])
    municipality = staff.staff_membership.municipality
    colleagues = [
        StaffMembershipFactory(municipality=municipality, user__full_name=name).user
        for name in ("Бакыт Асанбеков", "Нургүл Осмонова")
    ]
    return staff, winner, loser, colleagues


@pytest.fixture
def documents(tmp_path):
    tor = tmp_path / "terms-of-reference.pdf"
    tor.write_bytes(PDF_BYTES)
    return tor


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_tender_from_announcement_to_contract(
    new_page, sign_in, live_url, people, documents, language
):
    staff, winner, loser, colleagues = people
    locale = {"ky": "ky-KG", "ru": "ru-RU"}[language]
    prefix = f"/{language}/tenders/"

    # -- municipal staff create and publish the tender
    buyer = new_page(locale=locale)
    sign_in(buyer, staff, language=language)
    buyer.goto(live_url(f"{prefix}new/"))
    expect(buyer.locator("html")).to_have_attribute("lang", language)
    now = timezone.now()
    deadline = now + timedelta(days=15)
    form = buyer.locator("#tender-form")
    form.locator("[name=title_ky]").fill("Ичүүчү суунун тарифин эсептөө")
    form.locator(".translations summary").click()  # optional translations
    form.locator("[name=title_ru]").fill("Расчёт тарифа на питьевую воду")
    form.locator("[name=description_ky]").fill("Айыл өкмөтү үчүн тариф эсеби.")
    form.locator("[name=service_kind]").select_option("tariff")
    form.locator("[name=expertise_areas][value]").first.check()
    form.locator("[name=estimated_budget]").fill("400000")
    form.locator("[name=eligibility]").select_option("certified")
    form.locator("[name=questions_deadline]").fill(local_input(now + timedelta(days=7)))
    form.locator("[name=submission_deadline]").fill(local_input(deadline))
    form.locator("[name=opening_at]").fill(local_input(deadline + timedelta(hours=1)))
    form.locator("[name=criteria-0-name_ky]").fill("Методология")
    form.locator("[name=criteria-0-weight]").fill("60")
    form.locator("[name=criteria-1-name_ky]").fill("Команда")
    form.locator("[name=criteria-1-weight]").fill("40")
    form.locator("button[type=submit]").click()
    buyer.wait_for_url("**/tenders/*/")
    tender = Tender.objects.get()
    upload = buyer.locator("#document-form")
    upload.locator("[name=title]").fill("Техникалык тапшырма")
    upload.locator("[name=file]").set_input_files(str(documents))
    upload.locator("button[type=submit]").click()
    expect(buyer.locator(".documents li a")).to_have_count(1)
    buyer.locator("#publish").click()
    expect(buyer.locator("#tender-status")).to_have_text(
        status_label(language, "published")
    )

    # -- the municipality names the evaluation committee: three members
    buyer.locator("#evaluate").click()
    buyer.locator("#name-committee").click()
    committee = buyer.locator("#committee-form")
    for member in (staff, *colleagues):
        committee.locator(f"[name=staff][value='{member.pk}']").check()
    buyer.locator("#save-committee").click()
    expect(buyer.locator("#committee .member-row")).to_have_count(3)
    buyer.goto(live_url(f"{prefix}{tender.pk}/"))

    # -- two certified consultants bid, each gets a receipt
    pages = {}
    for consultant, price in ((winner, "350000"), (loser, "380000")):
        bidder = new_page(locale=locale)
        sign_in(bidder, consultant.user, language=language)
        bidder.goto(live_url(f"{prefix}{tender.pk}/"))
        bidder.locator("#submit-bid").click()
        bid_form = bidder.locator("#bid-form")
        bid_form.locator("[name=technical_proposal]").fill("Катышуучулук ыкма.")
        bid_form.locator("[name=proposed_team]").fill("Асан — жетекчи")
        bid_form.locator("[name=price]").fill(price)
        bid_form.locator("[name=technical_files]").set_input_files(str(documents))
        bid_form.locator("[name=conflict_of_interest_declared]").check()
        bidder.locator("#send-bid").click()
        expect(bidder.locator("#receipts tbody tr")).to_have_count(1)
        digest = Bid.objects.get(consultant=consultant).receipts.get().digest
        expect(bidder.locator("#receipts")).to_contain_text(digest)
        pages[consultant.pk] = bidder
    # sealed: the municipality sees no bid before the opening
    buyer.reload()
    expect(buyer.locator("#opening-record")).to_have_count(0)

    # -- the deadline passes; staff open, score and award
    traveller = time_machine.travel(deadline + timedelta(hours=1, minutes=1))
    traveller.start()
    try:
        services.advance_deadlines()  # what beat does at the deadline
        buyer.reload()
        expect(buyer.locator("#tender-status")).to_have_text(
            status_label(language, "closed")
        )
        buyer.locator("#open-bids").click()
        expect(buyer.locator("#opening-record .bid-row")).to_have_count(2)
        expect(buyer.locator("#opening-record")).not_to_contain_text("350")
        winner_bid = Bid.objects.get(consultant=winner)
        # each member declares, then scores alone: (88, 78), (90, 80), (92, 82)
        members = [buyer] + [new_page(locale=locale) for _ in colleagues]
        for index, (member_page, member) in enumerate(
            zip(members, (staff, *colleagues), strict=True)
        ):
            if member_page is not buyer:
                sign_in(member_page, member, language=language)
            member_page.goto(live_url(f"{prefix}{tender.pk}/evaluate/"))
            expect(member_page.locator("#technical-proposals")).to_have_count(0)
            member_page.locator("#declaration [name=no_conflict]").check()
            member_page.locator("#declare").click()
            expect(member_page.locator("#technical-proposals")).to_be_visible()
            # no sight of another member's scores before everyone submits
            expect(member_page.locator("#committee-scores")).to_have_count(0)
            for fieldset in member_page.locator("fieldset.bid-scores").all():
                is_winner = winner.name in fieldset.locator("legend").inner_text()
                value = (88 if is_winner else 78) + 2 * index
                for field in fieldset.locator("input[type=number]").all():
                    field.fill(str(value))
            member_page.locator("#submit-scores").click()
            member_page.locator("#confirm").click()
            expect(member_page.locator("#my-scores")).to_have_count(0)
        buyer.reload()
        expect(buyer.locator("#committee-scores")).to_be_visible()
        buyer.locator("#technical-result").click()
        buyer.locator("#confirm").click()
        buyer.locator("#financial-open").click()
        buyer.locator("#confirm").click()
        buyer.wait_for_url(f"**{prefix}{tender.pk}/")
        expect(buyer.locator("#tender-status")).to_have_text(
            status_label(language, "evaluated")
        )
        winner_row = buyer.locator("#opening-record .bid-row").first
        expect(winner_row).to_contain_text(winner.name)
        assert Bid.objects.get(pk=winner_bid.pk).rank == 1
        buyer.locator("#award").click()
        buyer.locator("#confirm").click()  # the award asks on a page of its own
        expect(buyer.locator("#tender-status")).to_have_text(
            status_label(language, "award_pending")
        )

        # -- the losing bidder sees the result and files a complaint
        loser_page = pages[loser.pk]
        loser_page.goto(live_url(f"{prefix}{tender.pk}/"))
        expect(loser_page.locator("#opening-record .bid-row")).to_have_count(2)
        expect(loser_page.locator("#award-section")).to_contain_text(winner.name)
        with loser_page.expect_download() as download:
            loser_page.locator("#evaluation-report").click()
        assert download.value.suggested_filename.endswith(".pdf")
        complaint = loser_page.locator("#complaint-form")
        complaint.locator("[name=text]").fill("Баалоо туура эмес жүргүзүлдү.")
        complaint.locator("button[type=submit]").click()
        expect(loser_page.locator(".complaint")).to_contain_text("Баалоо туура эмес")

        # -- the municipality explains; the review commission decides
        buyer.reload()
        explain = buyer.locator("form.complaint-explain")
        explain.locator("[name=explanation]").fill("Баалоо эрежеге ылайык.")
        explain.locator("button[type=submit]").click()
        expect(buyer.locator("form.complaint-explain")).to_have_count(0)
        expect(buyer.locator(".complaint-explanation")).to_contain_text(
            "Баалоо эрежеге ылайык."
        )
        commission_rejects_complaint(
            new_page,
            sign_in,
            live_url,
            prefix=prefix,
            tender=tender,
            reasons="Бузуу табылган жок.",
            language=language,
            locale=locale,
        )
        loser_page.reload()
        expect(loser_page.locator(".complaint .decision")).to_contain_text(
            "Бузуу табылган жок."
        )
    finally:
        traveller.stop()

    # -- after the standstill the award is final and the contract is recorded
    award = Tender.objects.get().award
    traveller = time_machine.travel(award.standstill_ends_at + timedelta(minutes=1))
    traveller.start()
    try:
        services.advance_deadlines()
        buyer.reload()
        expect(buyer.locator("#tender-status")).to_have_text(
            status_label(language, "awarded")
        )
        today = timezone.localdate()
        contract = buyer.locator("#contract-form")
        contract.locator("[name=number]").fill("12/2026")
        contract.locator("[name=signed_on]").fill(today.isoformat())
        contract.locator("[name=starts_on]").fill(today.isoformat())
        contract.locator("[name=ends_on]").fill(
            (today + timedelta(days=90)).isoformat()
        )
        contract.locator("[name=milestones-0-title]").fill("Тариф долбоору")
        contract.locator("[name=milestones-0-due_on]").fill(
            (today + timedelta(days=30)).isoformat()
        )
        contract.locator("button[type=submit]").click()
        expect(buyer.locator("#tender-status")).to_have_text(
            status_label(language, "contract_signed")
        )
        expect(buyer.locator("#contract")).to_contain_text("12/2026")
    finally:
        traveller.stop()
    tender = Tender.objects.get()
    assert tender.status == TenderStatus.CONTRACT_SIGNED
    assert tender.contract.amount == Decimal("350000.00")
    assert tender.award.bid.consultant == winner
    scores = {b.consultant_id: b.technical_score for b in tender.bids.all()}
    assert scores == {winner.pk: Decimal("90.00"), loser.pk: Decimal("80.00")}
    assert tender.committee.submitted().count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_evaluation_page_fits_a_phone(new_page, sign_in, live_url, settings):
    """At 360×740 the evaluation page (a member's scores, then the
    committee's scores and the municipality's steps) never scrolls sideways,
    and every scoring field has a label."""
    from tests.procurement.factories import committee_scores, tender_at_status

    staff = StaffMembershipFactory().user
    tender, bids = tender_at_status(
        TenderStatus.OPENED, staff=staff, prices=["400000", "450000", "380000"]
    )
    members = list(tender.committee.select_related("user"))
    services.committee_declare(member=members[0], by=members[0].user, no_conflict=True)
    phone = new_page(viewport={"width": 360, "height": 740})
    sign_in(phone, members[0].user)
    url = live_url(f"/ky/tenders/{tender.pk}/evaluate/")
    phone.goto(url)
    fields = phone.locator("#scores-form input[type=number]")
    expect(fields).to_have_count(6)
    for field in fields.all():
        field_id = field.get_attribute("id")
        assert phone.locator(f"label[for='{field_id}']").count() == 1
    width = "document.documentElement.scrollWidth <= window.innerWidth"
    assert phone.evaluate(width)
    scores = {(b.pk, c.pk): Decimal(85) for b in bids for c in tender.criteria.all()}
    committee_scores(tender, members, scores)
    services.technical_evaluation_complete(tender=tender, by=staff)
    for user, path in (
        (members[0].user, f"/ky/tenders/{tender.pk}/evaluate/"),
        (staff, f"/ky/tenders/{tender.pk}/evaluate/"),
        (staff, f"/ky/tenders/{tender.pk}/committee/"),
    ):
        page = new_page(viewport={"width": 360, "height": 740})
        sign_in(page, user)
        page.goto(live_url(path))
        assert page.evaluate(width), path
    staff_page = new_page(viewport={"width": 360, "height": 740})
    sign_in(staff_page, staff)
    staff_page.goto(url)
    expect(staff_page.locator("#committee-scores")).to_be_visible()
    staff_page.locator("#financial-open").click()
    assert staff_page.evaluate(width)  # the confirmation page
    staff_page.locator("#confirm").click()
    staff_page.wait_for_url(f"**/tenders/{tender.pk}/")
    assert staff_page.evaluate(width)
