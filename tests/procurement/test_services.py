"""Procurement workflows through the services, with the rules they enforce."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from consultants.models import NetworkStatus
from portal.errors import DomainError
from procurement import services
from procurement.crypto import unseal_price
from procurement.files import check_upload
from procurement.models import (
    Award,
    AwardStatus,
    BidStatus,
    ReceiptKind,
    TenderStatus,
)
from tests.accounts.factories import ConsultantUserFactory, ReviewBodyFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.notifications.helpers import emails_to
from tests.procurement.factories import (
    bid_content,
    certified_consultant,
    committee_scores,
    move_past,
    name_committee,
    pdf_upload,
    published_tender,
    submit_bid,
    tender_at_status,
)

RUSSIAN_MONTHS = [
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля",
    "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip


@pytest.mark.django_db
class TestBidSubmission:
    def test_submission_gives_a_receipt_with_time_and_digest(self):
        tender = published_tender()
        receipt = submit_bid(tender, certified_consultant(), "123456.789")
        assert receipt.kind == ReceiptKind.SUBMITTED
        assert len(receipt.digest) == 64
        assert receipt.created_at == receipt.bid.submitted_at
        assert unseal_price(receipt.bid.sealed_price) == Decimal("123456.79")

    def test_price_is_not_stored_in_clear_before_opening(self):
        tender = published_tender()
        bid = submit_bid(tender, certified_consultant(), "987654.32").bid
        assert bid.price is None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT row_to_json(b)::text FROM procurement_bid b WHERE id = %s",
                [bid.pk],
            )
            dump = cursor.fetchone()[0]
        assert "987654" not in dump

    def test_bid_files_are_encrypted_at_rest(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        tender = published_tender()
        checked = check_upload(pdf_upload())
        bid = submit_bid(
            tender, certified_consultant(), files=[("technical", checked)]
        ).bid
        stored = bid.files.get()
        raw = (tmp_path / stored.file.name).read_bytes()
        assert b"%PDF" not in raw
        assert services.bid_file_content(stored) == checked.data

    def test_changing_a_bid_gives_a_new_receipt(self):
        tender = published_tender()
        consultant = certified_consultant()
        first = submit_bid(tender, consultant, "100000")
        second = submit_bid(tender, consultant, "90000")
        assert first.bid.pk == second.bid.pk
        assert second.kind == ReceiptKind.UPDATED
        assert first.digest != second.digest
        assert tender.bids.count() == 1

    def test_withdraw_and_submit_again(self):
        tender = published_tender()
        consultant = certified_consultant()
        bid = submit_bid(tender, consultant).bid
        receipt = services.bid_withdraw(bid=bid, consultant=consultant)
        bid.refresh_from_db()
        assert receipt.kind == ReceiptKind.WITHDRAWN
        assert bid.status == BidStatus.WITHDRAWN
        with pytest.raises(DomainError, match="already been withdrawn"):
            services.bid_withdraw(bid=bid, consultant=consultant)
        again = submit_bid(tender, consultant)
        assert again.kind == ReceiptKind.SUBMITTED
        assert again.bid.status == BidStatus.SUBMITTED

    def test_refused_one_second_after_the_deadline(self):
        tender = published_tender()
        consultant = certified_consultant()
        with time_machine.travel(
            tender.submission_deadline - timedelta(seconds=1), tick=False
        ):
            submit_bid(tender, consultant)
        with time_machine.travel(tender.submission_deadline, tick=False):
            with pytest.raises(DomainError, match="deadline has passed"):
                submit_bid(tender, consultant, "1000")
            with pytest.raises(DomainError, match="cannot be withdrawn"):
                services.bid_withdraw(bid=tender.bids.get(), consultant=consultant)

    @pytest.mark.parametrize(
        ("eligibility", "status", "allowed"),
        [
            ("certified", NetworkStatus.CERTIFIED, True),
            ("certified", NetworkStatus.PROVISIONAL, False),
            ("certified", NetworkStatus.SUSPENDED, False),
            ("registered", NetworkStatus.PROVISIONAL, True),
            ("registered", NetworkStatus.SUSPENDED, False),
            ("registered", NetworkStatus.APPLICANT, False),
            ("registered", NetworkStatus.WITHDRAWN, False),
        ],
    )
    def test_eligibility(self, eligibility, status, allowed):
        tender = published_tender(eligibility=eligibility)
        consultant = ConsultantFactory(status=status, user=ConsultantUserFactory())
        if allowed:
            submit_bid(tender, consultant)
        else:
            with pytest.raises(DomainError):
                submit_bid(tender, consultant)
            assert not tender.bids.exists()

    def test_author_of_the_terms_of_reference_cannot_bid(self):
        tender = published_tender()
        author = certified_consultant()
        tender.terms_of_reference_authors.add(author)
        with pytest.raises(DomainError, match="terms of reference"):
            submit_bid(tender, author)

    def test_needs_the_conflict_of_interest_declaration(self):
        tender = published_tender()
        with pytest.raises(DomainError, match="conflict-of-interest"):
            services.bid_submit(
                tender=tender,
                consultant=certified_consultant(),
                content=bid_content(conflict_of_interest_declared=False),
            )

    def test_refused_on_a_draft(self):
        from tests.procurement.factories import TenderFactory

        with pytest.raises(DomainError):
            submit_bid(TenderFactory(), certified_consultant())


@pytest.mark.django_db
class TestAmendment:
    def test_change_log_and_bidders_must_confirm(self):
        tender = published_tender()
        consultant = certified_consultant()
        consultant.user.preferred_language = "ru"
        consultant.user.save()
        bid = submit_bid(tender, consultant).bid
        amendment = services.tender_amend(
            tender=tender,
            by=None,
            changes={"estimated_budget": Decimal("600000.00")},
            summary="Бюджет көбөйдү.",
        )
        assert amendment.number == 1
        assert amendment.changes == {"estimated_budget": ["500000.00", "600000.00"]}
        bid.refresh_from_db()
        assert bid.needs_confirmation
        mail = emails_to(consultant.user.email, "tender.amended")
        assert len(mail) == 1
        # rendered in the bidder's language: the date has a Russian month name
        assert any(month in mail[0].body for month in RUSSIAN_MONTHS)
        receipt = submit_bid(tender, consultant)
        assert receipt.kind == ReceiptKind.CONFIRMED
        bid.refresh_from_db()
        assert not bid.needs_confirmation

    def test_late_change_must_extend_the_deadline(self, settings):
        settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS = 5
        tender = published_tender()
        late = tender.submission_deadline - timedelta(days=3)
        with time_machine.travel(late, tick=False):
            with pytest.raises(DomainError, match="extend the submission deadline"):
                services.tender_amend(
                    tender=tender,
                    by=None,
                    changes={"contact_phone": "+996555000000"},
                    summary="Телефон",
                )
            new_deadline = late + timedelta(days=5)
            services.tender_amend(
                tender=tender,
                by=None,
                changes={
                    "contact_phone": "+996555000000",
                    "submission_deadline": new_deadline,
                    "opening_at": new_deadline + timedelta(hours=1),
                },
                summary="Телефон жана мөөнөт",
            )
        tender.refresh_from_db()
        assert tender.submission_deadline == new_deadline

    def test_early_change_needs_no_extension(self):
        tender = published_tender()
        services.tender_amend(
            tender=tender, by=None, changes={"contact_name": "Б"}, summary="Байланыш"
        )
        assert tender.amendments.count() == 1

    def test_refuses_to_bring_the_deadline_forward(self):
        tender = published_tender()
        with pytest.raises(DomainError, match="forward"):
            services.tender_amend(
                tender=tender,
                by=None,
                changes={
                    "submission_deadline": tender.submission_deadline
                    - timedelta(days=1)
                },
                summary="x",
            )

    def test_refuses_after_the_deadline(self):
        tender = published_tender()
        with (
            time_machine.travel(move_past(tender.submission_deadline), tick=False),
            pytest.raises(DomainError, match="before its deadline"),
        ):
            services.tender_amend(
                tender=tender, by=None, changes={"contact_name": "Б"}, summary="x"
            )

    def test_unconfirmed_bid_is_not_opened(self, settings):
        settings.PROCUREMENT_MIN_BIDS = 1
        tender, bids = tender_at_status(TenderStatus.PUBLISHED, bidders=2)
        services.tender_amend(
            tender=tender, by=None, changes={"contact_name": "Б"}, summary="x"
        )
        submit_bid(tender, bids[0].consultant, "400000")  # confirms
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        with time_machine.travel(move_past(tender.opening_at), tick=False):
            services.tender_open(tender=tender, by=staff)
        members = name_committee(tender, staff)
        committee_scores(
            tender,
            members,
            {(bids[0].pk, c.pk): Decimal(90) for c in tender.criteria.all()},
        )
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        bids[0].refresh_from_db()
        bids[1].refresh_from_db()
        assert bids[0].price == Decimal("400000.00")
        assert bids[1].price is None and bids[1].sealed_price is not None


@pytest.mark.django_db
class TestQuestions:
    def test_ask_until_the_deadline_and_answer(self):
        tender = published_tender()
        consultant = certified_consultant()
        question = services.question_ask(
            tender=tender, consultant=consultant, text="Мөөнөтү канча?"
        )
        services.question_answer(question=question, by=None, text="90 күн.")
        question.refresh_from_db()
        assert question.answer == "90 күн."
        with pytest.raises(DomainError, match="already been answered"):
            services.question_answer(question=question, by=None, text="x")
        with (
            time_machine.travel(move_past(tender.questions_deadline), tick=False),
            pytest.raises(DomainError, match="questions deadline"),
        ):
            services.question_ask(tender=tender, consultant=consultant, text="?")


@pytest.mark.django_db
class TestOpening:
    def test_the_technical_opening_leaves_the_prices_sealed(self):
        tender, bids = tender_at_status(TenderStatus.OPENED)
        assert not tender.bids.filter(price__isnull=False).exists()
        assert tender.bids.filter(sealed_price__isnull=False).count() == 2

    def test_the_financial_opening_decrypts_the_prices(self):
        tender, bids = tender_at_status(TenderStatus.EVALUATED)
        prices = sorted(b.price for b in tender.bids.all())
        assert prices == [Decimal("400000.00"), Decimal("450000.00")]
        assert not tender.bids.filter(sealed_price__isnull=False).exists()

    def test_opening_closes_a_tender_whose_deadline_passed(self):
        tender, _ = tender_at_status(TenderStatus.PUBLISHED)
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        with time_machine.travel(move_past(tender.opening_at), tick=False):
            tender = services.tender_open(tender=tender, by=staff)
        assert tender.status == TenderStatus.OPENED

    def test_refused_before_the_deadline(self):
        tender, _ = tender_at_status(TenderStatus.PUBLISHED)
        with pytest.raises(DomainError):
            services.tender_open(tender=tender, by=None)


class TestScoring:
    """Worked examples of the four selection methods."""

    def entries(self, *rows):
        return [
            services.Ranked(key=name, technical=Decimal(t), price=Decimal(p))
            for name, t, p in rows
        ]

    def test_technical_score_is_the_weighted_sum(self):
        # 60% × 90 + 40% × 70 = 54 + 28 = 82
        assert services.technical_score([(60, 90), (40, 70)]) == Decimal("82.00")

    def test_quality_and_cost_based(self):
        # A: T=90, 500 000 → F = 100·400 000/500 000 = 80; S = 0.8·90 + 0.2·80 = 88
        # B: T=80, 400 000 → F = 100;                        S = 0.8·80 + 0.2·100 = 84
        # C: T=65 is below the minimum of 70: not qualified
        a, b, c = services.rank_bids(
            self.entries(("A", 90, 500000), ("B", 80, 400000), ("C", 65, 100000)),
            method="consultQualityPrice",
            technical_weight=80,
            min_technical=Decimal(70),
            budget=Decimal(600000),
        )
        assert (a.financial, a.combined, a.rank) == (
            Decimal("80.00"),
            Decimal("88.00"),
            1,
        )
        assert (b.financial, b.combined, b.rank) == (
            Decimal("100.00"),
            Decimal("84.00"),
            2,
        )
        assert (c.qualified, c.rank) == (False, None)

    def test_quality_and_cost_based_with_70_30(self):
        # A: 0.7·90 + 0.3·80 = 87; B: 0.7·80 + 0.3·100 = 86
        a, b = services.rank_bids(
            self.entries(("A", 90, 500000), ("B", 80, 400000)),
            method="consultQualityPrice",
            technical_weight=70,
            min_technical=Decimal(70),
            budget=Decimal(600000),
        )
        assert (a.combined, b.combined) == (Decimal("87.00"), Decimal("86.00"))
        assert (a.rank, b.rank) == (1, 2)

    def test_least_cost_picks_the_lowest_qualified_price(self):
        a, b, c = services.rank_bids(
            self.entries(("A", 90, 500000), ("B", 75, 420000), ("C", 60, 300000)),
            method="consultPrice",
            technical_weight=80,
            min_technical=Decimal(70),
            budget=Decimal(600000),
        )
        assert (b.rank, a.rank, c.rank) == (1, 2, None)

    def test_fixed_budget_picks_the_best_technical_within_budget(self):
        a, b, c = services.rank_bids(
            self.entries(("A", 95, 650000), ("B", 85, 600000), ("C", 80, 450000)),
            method="consultFixedBudget",
            technical_weight=80,
            min_technical=Decimal(70),
            budget=Decimal(600000),
        )
        assert (a.qualified, a.rank) == (False, None)
        assert (b.rank, c.rank) == (1, 2)

    def test_quality_based_picks_the_best_technical(self):
        a, b = services.rank_bids(
            self.entries(("A", 80, 100000), ("B", 92, 900000)),
            method="consultQuality",
            technical_weight=80,
            min_technical=Decimal(70),
            budget=Decimal(600000),
        )
        assert (b.rank, a.rank) == (1, 2)


@pytest.mark.django_db
class TestEvaluationAndAward:
    def test_evaluation_needs_every_score(self):
        tender, bids = tender_at_status(TenderStatus.OPENED)
        member = tender.committee.first()
        services.committee_declare(member=member, by=member.user, no_conflict=True)
        criterion = tender.criteria.first()
        with pytest.raises(DomainError, match="every criterion"):
            services.member_scores_save(
                member=member,
                by=member.user,
                scores={(bids[0].pk, criterion.pk): Decimal(80)},
                submit=True,
            )
        with pytest.raises(DomainError, match="financial envelopes"):
            services.tender_evaluate(tender=tender, by=None)

    def test_scores_outside_0_100_are_refused(self):
        tender, bids = tender_at_status(TenderStatus.OPENED)
        member = tender.committee.first()
        services.committee_declare(member=member, by=member.user, no_conflict=True)
        criterion = tender.criteria.first()
        with pytest.raises(DomainError, match="between 0 and 100"):
            services.member_scores_save(
                member=member,
                by=member.user,
                scores={(bids[0].pk, criterion.pk): 101},
            )

    def test_ranking_on_a_real_tender(self):
        # scores 90 and 85 on every criterion; prices 400 000 and 450 000
        tender, bids = tender_at_status(TenderStatus.EVALUATED)
        first, second = (tender.bids.get(pk=b.pk) for b in bids)
        assert first.technical_score == Decimal("90.00")
        assert first.combined_score == Decimal("92.00")  # 0.8·90 + 0.2·100
        assert second.financial_score == Decimal("88.89")  # 100·400/450
        assert second.combined_score == Decimal("85.78")  # 68 + 17.778
        assert (first.rank, second.rank) == (1, 2)

    def test_award_notifies_every_bidder_and_starts_the_standstill(self, settings):
        settings.PROCUREMENT_STANDSTILL_DAYS = 10
        tender, bids = tender_at_status(TenderStatus.AWARD_PENDING)
        award = tender.award
        assert award.bid_id == bids[0].pk
        assert award.standstill_ends_at - award.notified_at == timedelta(days=10)
        for bid in bids:
            assert emails_to(bid.consultant.user.email, "tender.award_intended")

    def test_no_second_award(self):
        tender, _ = tender_at_status(TenderStatus.AWARD_PENDING)
        with pytest.raises(DomainError):
            services.tender_award(tender=tender, by=None)
        assert Award.objects.filter(tender=tender).count() == 1

    def test_complaint_during_standstill_blocks_the_final_award(self):
        tender, bids = tender_at_status(TenderStatus.AWARD_PENDING)
        loser = bids[1]
        with time_machine.travel(move_past(tender.award.notified_at), tick=False):
            complaint = services.complaint_file(
                bid=loser, consultant=loser.consultant, text="Баалоо туура эмес."
            )
        with time_machine.travel(
            move_past(tender.award.standstill_ends_at), tick=False
        ):
            assert services.award_finalize(tender=tender) is False
            services.complaint_decide(
                complaint=complaint,
                by=ReviewBodyFactory(),
                decision="rejected",
                reasons="Баалоо эрежеге ылайык.",
                effect="none",
            )
            assert services.award_finalize(tender=tender) is True
        tender.refresh_from_db()
        assert tender.status == TenderStatus.AWARDED
        assert tender.award.status == AwardStatus.FINAL

    def test_complaint_refused_after_the_standstill(self):
        tender, bids = tender_at_status(TenderStatus.AWARD_PENDING)
        with (
            time_machine.travel(move_past(tender.award.standstill_ends_at), tick=False),
            pytest.raises(DomainError, match="standstill"),
        ):
            services.complaint_file(
                bid=bids[1], consultant=bids[1].consultant, text="Кеч."
            )

    def test_contract_refused_during_the_standstill(self):
        tender, _ = tender_at_status(TenderStatus.AWARD_PENDING)
        today = timezone.localdate()
        with pytest.raises(DomainError, match="award is final"):
            services.contract_record(
                tender=tender,
                by=None,
                number="",
                amount=Decimal(1),
                signed_on=today,
                starts_on=today,
                ends_on=today,
                milestones=[],
            )

    def test_completed_contract_carries_the_rating(self):
        tender, bids = tender_at_status(TenderStatus.COMPLETED)
        assert tender.contract.rating == 5
        assert tender.contract.milestones.count() == 1

    def test_rating_outside_1_5_is_refused(self):
        tender, _ = tender_at_status(TenderStatus.CONTRACT_SIGNED)
        with pytest.raises(DomainError):
            services.contract_complete(
                contract=tender.contract, by=None, rating=6, comment=""
            )


@pytest.mark.django_db
class TestScheduler:
    def test_closes_at_the_deadline_and_finalizes_after_the_standstill(self, settings):
        settings.PROCUREMENT_MIN_BIDS = 2
        ok, _ = tender_at_status(TenderStatus.PUBLISHED, bidders=2)
        thin, _ = tender_at_status(TenderStatus.PUBLISHED, bidders=1)
        later = max(ok.submission_deadline, thin.submission_deadline)
        with time_machine.travel(ok.submission_deadline - timedelta(seconds=1)):
            assert services.advance_deadlines()["closed"] == 0
        with time_machine.travel(move_past(later), tick=False):
            assert services.advance_deadlines()["closed"] == 2
        ok.refresh_from_db()
        thin.refresh_from_db()
        assert ok.status == TenderStatus.CLOSED
        assert thin.status == TenderStatus.UNSUCCESSFUL

        pending, _ = tender_at_status(TenderStatus.AWARD_PENDING)
        ends = pending.award.standstill_ends_at
        with time_machine.travel(ends - timedelta(seconds=1), tick=False):
            assert services.advance_deadlines()["finalized"] == 0
        with time_machine.travel(ends, tick=False):
            assert services.advance_deadlines()["finalized"] == 1
        pending.refresh_from_db()
        assert pending.status == TenderStatus.AWARDED

    def test_celery_task_runs_the_service(self):
        from procurement.tasks import advance_deadlines

        tender, _ = tender_at_status(TenderStatus.PUBLISHED)
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            advance_deadlines.apply()
        tender.refresh_from_db()
        assert tender.status == TenderStatus.CLOSED


@pytest.mark.django_db
class TestCancel:
    def test_cancel_tells_the_bidders(self):
        tender, bids = tender_at_status(TenderStatus.PUBLISHED)
        services.tender_cancel(
            tender=tender, by=None, reason="no_funds", explanation="Бюджет жок."
        )
        tender.refresh_from_db()
        assert tender.status == TenderStatus.CANCELLED
        for bid in bids:
            assert emails_to(bid.consultant.user.email, "tender.cancelled")

    def test_cancel_refused_after_the_contract(self):
        tender, _ = tender_at_status(TenderStatus.CONTRACT_SIGNED)
        with pytest.raises(DomainError):
            services.tender_cancel(
                tender=tender, by=None, reason="other", explanation="x"
            )
