"""The two-stage selection in a real browser, in Russian: the municipality
publishes a call for expressions of interest; three certified consultants
apply with their qualifications; after the call the municipality shortlists
two of them with reasons (the list is public) and sends them the request for
proposals; the one left off cannot submit, the shortlisted two do; a
three-member committee opens and scores the technical envelopes while the
prices stay sealed; the financial envelopes are opened and the tender is
awarded; the losing bidder complains and the review commission decides, in
public on the tender page.

Only the starting data (staff, colleagues, consultants, a complete two-stage
draft) come from factories; every step goes through the pages. Time moves
with time_machine, as beat's deadline task would see it. Selectors use ids
and field names, not wording."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation
from playwright.sync_api import expect

from procurement import services
from procurement.models import Bid, Tender, TenderStatus
from tests.e2e.steps import commission_rejects_complaint
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    PDF_BYTES,
    TenderFactory,
    certified_consultant,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser_locale("ru-RU")]

PREFIX = "/ru/tenders/"


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def status_label(status) -> str:
    with translation.override("ru"):
        return str(TenderStatus(status).label)


def names(name: str) -> dict:
    return {f"name{suffix}": name for suffix in ("", "_ky", "_ru", "_en")}


@pytest.fixture
def start(db, settings):
    # the journey jumps weeks ahead: keep the browser sessions open meanwhile
    settings.SESSION_COOKIE_AGE = 90 * 24 * 3600
    settings.PROCUREMENT_SHORTLIST_MIN = 2
    staff = StaffMembershipFactory(user__full_name="Айгуль Асанова").user
    municipality = staff.staff_membership.municipality
    colleagues = [
        StaffMembershipFactory(municipality=municipality, user__full_name=name).user
        for name in ("Бакыт Асанбеков", "Нургуль Осмонова")
    ]
    winner = certified_consultant(**names("Нарын Консалтинг"))
    loser = certified_consultant(**names("Талас Эксперт"))
    outsider = certified_consultant(**names("Ош Аналитика"))
    tender = TenderFactory(
        municipality=municipality,
        procurement_method="two_stage",
        selection_method="consultQualityPrice",
        interest_deadline=timezone.now() + timedelta(days=11),
        title_ru="Стратегия развития айыл аймака",
    )
    return tender, staff, colleagues, winner, loser, outsider


@pytest.fixture
def documents(tmp_path):
    proposal = tmp_path / "technical-proposal.pdf"
    proposal.write_bytes(PDF_BYTES)
    return proposal


def test_expression_of_interest_to_a_decided_complaint(
    new_page, sign_in, live_url, start, documents
):
    tender, staff, colleagues, winner, loser, outsider = start
    url = live_url(f"{PREFIX}{tender.pk}/")

    # -- the municipality publishes the call for expressions of interest
    buyer = new_page()
    sign_in(buyer, staff, language="ru")
    buyer.goto(url)
    expect(buyer.locator("html")).to_have_attribute("lang", "ru")
    expect(buyer.locator("#publish")).to_have_count(0)  # not without the call
    buyer.locator("#call-for-interest").click()
    expect(buyer.locator("#tender-status")).to_have_text(status_label("interest"))

    # -- three members apply with their qualifications; nobody may bid yet
    pages = {}
    for consultant, contracts in ((winner, 5), (loser, 3), (outsider, 1)):
        member = new_page()
        sign_in(member, consultant.user, language="ru")
        member.goto(url)
        expect(member.locator("#submit-bid")).to_have_count(0)
        member.locator("#express-interest").click()
        form = member.locator("#interest-form")
        form.locator("[name=experience]").fill(
            f"Стратегии развития для {contracts} айыл окмоту."
        )
        form.locator("[name=relevant_contracts]").fill(str(contracts))
        form.locator("button[type=submit]").click()
        member.wait_for_url(f"**{PREFIX}{tender.pk}/")
        pages[consultant.pk] = member
    assert tender.expressions.count() == 3
    expect(pages[outsider.pk].locator("#shortlist")).to_have_count(0)  # not yet
    # the list is made only after the call has closed
    expect(buyer.locator("#make-shortlist")).to_have_count(0)

    interest_deadline = tender.interest_deadline
    traveller = time_machine.travel(interest_deadline + timedelta(minutes=1))
    clock = traveller.start()
    try:
        services.advance_deadlines()
        # -- the shortlist, each with its reason, is published
        buyer.reload()
        buyer.locator("#make-shortlist").click()
        shortlist = buyer.locator("#shortlist-form")
        reasons = {
            winner: "Пять аналогичных стратегий.",
            loser: "Три аналогичные стратегии.",
        }
        for consultant, reason in reasons.items():
            expression = tender.expressions.get(consultant=consultant)
            shortlist.locator(f"[name=pick_{expression.pk}]").check()
            shortlist.locator(f"[name=reason_{expression.pk}]").fill(reason)
        shortlist.locator("button[type=submit]").click()
        buyer.wait_for_url(f"**{PREFIX}{tender.pk}/")
        expect(buyer.locator("#tender-status")).to_have_text(
            status_label("shortlisted")
        )
        expect(buyer.locator("#shortlist tbody tr")).to_have_count(2)
        expect(buyer.locator("#shortlist")).to_contain_text(reasons[winner])
        expect(buyer.locator("#shortlist")).not_to_contain_text(outsider.name)

        # -- the request for proposals goes to the shortlist
        now = timezone.now()
        deadline = now + timedelta(days=30)
        buyer.locator("#request-proposals").click()
        proposals = buyer.locator("#proposals-form")
        proposals.locator("[name=questions_deadline]").fill(
            local_input(now + timedelta(days=20))
        )
        proposals.locator("[name=submission_deadline]").fill(local_input(deadline))
        proposals.locator("[name=opening_at]").fill(
            local_input(deadline + timedelta(hours=1))
        )
        proposals.locator("button[type=submit]").click()
        buyer.wait_for_url(f"**{PREFIX}{tender.pk}/")
        expect(buyer.locator("#tender-status")).to_have_text(status_label("published"))
        tender = Tender.objects.get(pk=tender.pk)

        # -- the municipality names the evaluation committee: three members
        buyer.locator("#evaluate").click()
        buyer.locator("#name-committee").click()
        committee = buyer.locator("#committee-form")
        for person in (staff, *colleagues):
            committee.locator(f"[name=staff][value='{person.pk}']").check()
        buyer.locator("#save-committee").click()
        expect(buyer.locator("#committee .member-row")).to_have_count(3)

        # -- the member left off the list sees the shortlist but cannot submit
        off_list = pages[outsider.pk]
        off_list.reload()
        expect(off_list.locator("#shortlist")).to_be_visible()
        expect(off_list.locator("#submit-bid")).to_have_count(0)
        expect(off_list.locator("#my-bid .notice.error")).to_be_visible()
        off_list.goto(live_url(f"{PREFIX}{tender.pk}/bid/"))  # the form's address
        off_list.wait_for_url(f"**{PREFIX}{tender.pk}/")  # sent back to the tender
        expect(off_list.locator("#bid-form")).to_have_count(0)

        # -- the shortlisted two submit proposals, each gets a receipt
        for consultant, price in ((winner, "450000"), (loser, "420000")):
            bidder = pages[consultant.pk]
            bidder.reload()
            bidder.locator("#submit-bid").click()
            bid_form = bidder.locator("#bid-form")
            bid_form.locator("[name=technical_proposal]").fill(
                "Методология: планирование с участием жителей."
            )
            bid_form.locator("[name=proposed_team]").fill("Асан Усенов — руководитель")
            bid_form.locator("[name=price]").fill(price)
            bid_form.locator("[name=technical_files]").set_input_files(str(documents))
            bid_form.locator("[name=conflict_of_interest_declared]").check()
            bidder.locator("#send-bid").click()
            expect(bidder.locator("#receipts tbody tr")).to_have_count(1)
            digest = Bid.objects.get(consultant=consultant).receipts.get().digest
            expect(bidder.locator("#receipts")).to_contain_text(digest)
        buyer.goto(url)
        expect(buyer.locator("#opening-record")).to_have_count(0)

        # -- the deadline passes; the technical envelopes are opened
        clock.move_to(deadline + timedelta(hours=1, minutes=1))
        services.advance_deadlines()
        buyer.reload()
        expect(buyer.locator("#tender-status")).to_have_text(status_label("closed"))
        buyer.locator("#open-bids").click()
        record = buyer.locator("#opening-record")
        expect(record.locator(".bid-row")).to_have_count(2)
        # prices sealed until the financial opening
        expect(record).not_to_contain_text("450")
        expect(record).not_to_contain_text("420")
        loser_page = pages[loser.pk]
        loser_page.goto(url)
        expect(loser_page.locator("#opening-record")).not_to_contain_text("450")

        # each member declares no conflict, then scores alone:
        # winner (88, 90, 92) → 90, loser (78, 80, 82) → 80
        members = [buyer] + [new_page() for _ in colleagues]
        for index, (member_page, person) in enumerate(
            zip(members, (staff, *colleagues), strict=True)
        ):
            if member_page is not buyer:
                sign_in(member_page, person, language="ru")
            member_page.goto(live_url(f"{PREFIX}{tender.pk}/evaluate/"))
            expect(member_page.locator("#technical-proposals")).to_have_count(0)
            member_page.locator("#declaration [name=no_conflict]").check()
            member_page.locator("#declare").click()
            expect(member_page.locator("#technical-proposals")).to_be_visible()
            expect(member_page.locator("#committee-scores")).to_have_count(0)
            expect(member_page.locator("#technical-proposals")).not_to_contain_text(
                "450"
            )
            for fieldset in member_page.locator("fieldset.bid-scores").all():
                is_winner = winner.name in fieldset.locator("legend").inner_text()
                value = (88 if is_winner else 78) + 2 * index
                for field in fieldset.locator("input[type=number]").all():
                    field.fill(str(value))
            member_page.locator("#submit-scores").click()
            member_page.locator("#confirm").click()
            expect(member_page.locator("#my-scores")).to_have_count(0)

        # -- the technical result, then the financial opening and the award
        buyer.goto(live_url(f"{PREFIX}{tender.pk}/evaluate/"))
        expect(buyer.locator("#committee-scores")).to_be_visible()
        buyer.locator("#technical-result").click()
        buyer.locator("#confirm").click()
        buyer.goto(url)
        expect(buyer.locator("#opening-record")).not_to_contain_text("450")
        buyer.goto(live_url(f"{PREFIX}{tender.pk}/evaluate/"))
        buyer.locator("#financial-open").click()
        buyer.locator("#confirm").click()
        buyer.wait_for_url(f"**{PREFIX}{tender.pk}/")
        expect(buyer.locator("#tender-status")).to_have_text(status_label("evaluated"))
        record = buyer.locator("#opening-record")
        expect(record).to_contain_text("450")
        expect(record).to_contain_text("420")
        expect(record.locator(".bid-row").first).to_contain_text(winner.name)
        buyer.locator("#award").click()
        buyer.locator("#confirm").click()
        expect(buyer.locator("#tender-status")).to_have_text(
            status_label("award_pending")
        )

        # -- the losing bidder sees the result and complains
        loser_page.goto(url)
        expect(loser_page.locator("#opening-record .bid-row")).to_have_count(2)
        expect(loser_page.locator("#award-section")).to_contain_text(winner.name)
        complaint = loser_page.locator("#complaint-form")
        complaint.locator("[name=text]").fill("Оценка проведена неправильно.")
        complaint.locator("button[type=submit]").click()
        expect(loser_page.locator(".complaint")).to_contain_text(
            "Оценка проведена неправильно."
        )
        # the member left off the list has no bid to complain about
        off_list.goto(url)
        expect(off_list.locator("#complaint-form")).to_have_count(0)

        # -- the municipality explains; the review commission decides
        buyer.reload()
        expect(buyer.locator(".complaint form.decision-form")).to_have_count(0)
        explain = buyer.locator("form.complaint-explain")
        explain.locator("[name=explanation]").fill("Оценка проведена по правилам.")
        explain.locator("button[type=submit]").click()
        expect(buyer.locator(".complaint-explanation")).to_contain_text(
            "Оценка проведена по правилам."
        )
        commission_rejects_complaint(
            new_page,
            sign_in,
            live_url,
            prefix=PREFIX,
            tender=tender,
            reasons="Нарушений не выявлено.",
            language="ru",
        )
        # -- the decision is public: anyone sees it on the tender page
        visitor = new_page()
        visitor.goto(url)
        expect(visitor.locator("#complaints .complaint .decision")).to_contain_text(
            "Нарушений не выявлено."
        )
        expect(visitor.locator("#shortlist")).to_contain_text(reasons[loser])
    finally:
        traveller.stop()

    tender = Tender.objects.get(pk=tender.pk)
    assert tender.status == TenderStatus.AWARD_PENDING
    assert tender.award.bid.consultant == winner
    assert set(tender.invitations.values_list("consultant", flat=True)) == {
        winner.pk,
        loser.pk,
    }
    assert not tender.bids.filter(consultant=outsider).exists()
    scores = {b.consultant_id: b.technical_score for b in tender.bids.all()}
    assert scores == {winner.pk: 90, loser.pk: 80}
    assert tender.committee.submitted().count() == 3
    complaint = tender.complaints.get()
    assert complaint.decision == "rejected"
