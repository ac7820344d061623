"""Date and amount rules: each is a CheckConstraint that PostgreSQL enforces,
and the model's clean() reads the same condition to tell the user which field
is wrong. Forms and services ask clean(); nobody restates the rule."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.errors import DomainError
from procurement import services
from procurement.forms import AmendForm, BidForm, ContractForm, MilestoneForm
from procurement.models import (
    Amendment,
    Contract,
    Milestone,
    TechnicalScore,
    Tender,
    TenderStatus,
)
from procurement.models.announcement import AMENDMENT_RULES
from procurement.models.contracts import CONTRACT_RULES, MILESTONE_RULES
from procurement.models.evaluation import SCORE_RULES
from procurement.models.tenders import TENDER_RULES
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    TenderFactory,
    move_past,
    published_tender,
    tender_at_status,
)


def refused(queryset, **values):
    """PostgreSQL refuses the row: the update raises and changes nothing."""
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


def test_every_rule_reads_a_constraint_of_its_model():
    for model, rules in [
        (Tender, TENDER_RULES),
        (Amendment, AMENDMENT_RULES),
        (Contract, CONTRACT_RULES),
        (Milestone, MILESTONE_RULES),
        (TechnicalScore, SCORE_RULES),
    ]:
        names = {c.name for c in model._meta.constraints}
        for rule in rules:
            assert rule.constraint in names, rule
            model._meta.get_field(rule.field)


@pytest.mark.django_db
class TestTheDatabaseRefuses:
    def test_tender_dates(self):
        tender = published_tender()
        rows = Tender.objects.filter(pk=tender.pk)
        deadline = tender.submission_deadline
        refused(rows, questions_deadline=deadline)
        refused(rows, opening_at=deadline - timedelta(seconds=1))
        refused(rows, opened_at=tender.opening_at - timedelta(seconds=1))
        refused(rows, min_technical_score=Decimal("100.01"))
        refused(rows, min_technical_score=Decimal("-1"))
        refused(rows, estimated_budget=Decimal("0"))
        rows.update(opened_at=tender.opening_at)  # the announced time is fine
        assert Tender.objects.get(pk=tender.pk).questions_deadline < deadline

    def test_an_amendment_never_brings_the_deadline_forward(self):
        tender = published_tender()
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        amendment = services.tender_amend(
            tender=tender,
            by=staff,
            changes={"estimated_budget": Decimal("600000")},
            summary="Бюджет көбөйдү.",
        )
        refused(
            Amendment.objects.filter(pk=amendment.pk),
            new_submission_deadline=amendment.old_submission_deadline
            - timedelta(minutes=1),
        )

    def test_contract_and_milestone_amounts_and_period(self):
        tender, _ = tender_at_status(TenderStatus.CONTRACT_SIGNED)
        contract = Contract.objects.filter(pk=tender.contract.pk)
        refused(contract, amount=Decimal("0"))
        refused(contract, ends_on=tender.contract.starts_on - timedelta(days=1))
        refused(contract, rating=6)
        refused(Milestone.objects.filter(contract=tender.contract), amount=-1)

    def test_technical_scores_stay_in_range(self):
        tender, _ = tender_at_status(TenderStatus.EVALUATED)
        refused(TechnicalScore.objects.filter(bid__tender=tender), score=101)


@pytest.mark.django_db
class TestCleanSaysWhichField:
    def test_tender_dates(self):
        tender = TenderFactory()
        tender.questions_deadline = tender.submission_deadline
        tender.opening_at = tender.submission_deadline - timedelta(hours=1)
        with pytest.raises(ValidationError) as caught:
            tender.clean()
        assert caught.value.message_dict == {
            "questions_deadline": [
                "The questions deadline must be before the submission deadline."
            ],
            "opening_at": [
                "The opening time must not be before the submission deadline."
            ],
        }

    def test_the_amend_form_asks_the_model(self):
        tender = published_tender()
        form = AmendForm(
            {
                **{name: getattr(tender, name) or "" for name in AmendForm.Meta.fields},
                "opening_at": tender.submission_deadline - timedelta(hours=1),
                "summary": "Ачылыш мурда.",
            },
            instance=tender,
        )
        assert not form.is_valid()
        assert form.errors["opening_at"] == [
            "The opening time must not be before the submission deadline."
        ]

    def test_the_amend_service_asks_the_model(self):
        tender = published_tender()
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        earlier = tender.submission_deadline - timedelta(days=1)
        with pytest.raises(DomainError, match="cannot bring the deadline forward"):
            services.tender_amend(
                tender=tender,
                by=staff,
                changes={"submission_deadline": earlier},
                summary="Мөөнөт.",
            )
        with pytest.raises(DomainError, match="questions deadline must be before"):
            services.tender_amend(
                tender=tender,
                by=staff,
                changes={"questions_deadline": tender.submission_deadline},
                summary="Суроолор.",
            )
        assert not Amendment.objects.filter(tender=tender).exists()

    def test_a_late_change_must_move_the_deadline(self, settings):
        settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS = 3
        tender = published_tender()
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        with (
            time_machine.travel(tender.submission_deadline - timedelta(days=2)),
            pytest.raises(DomainError, match="at least 3 days from now"),
        ):
            services.tender_amend(
                tender=tender,
                by=staff,
                changes={"estimated_budget": Decimal("600000")},
                summary="Бюджет.",
            )

    def test_contract_forms_and_service_ask_the_model(self):
        today = timezone.localdate()
        form = ContractForm(
            {
                "amount": "0",
                "signed_on": today,
                "starts_on": today,
                "ends_on": today - timedelta(days=1),
            }
        )
        assert not form.is_valid()
        assert form.errors["ends_on"] == ["The work cannot end before it starts."]
        assert form.errors["amount"] == ["The contract amount must be positive."]
        milestone = MilestoneForm({"title": "Этап", "due_on": today, "amount": "-5"})
        assert not milestone.is_valid()
        assert milestone.errors["amount"] == ["A payment must be a positive amount."]
        tender, _ = tender_at_status(TenderStatus.AWARDED)
        with pytest.raises(DomainError, match="cannot end before it starts"):
            services.contract_record(
                tender=tender,
                by=None,
                number="",
                amount=Decimal(1000),
                signed_on=today,
                starts_on=today,
                ends_on=today - timedelta(days=1),
                milestones=[],
            )
        with pytest.raises(DomainError, match="payment must be a positive"):
            services.contract_record(
                tender=tender,
                by=None,
                number="",
                amount=Decimal(1000),
                signed_on=today,
                starts_on=today,
                ends_on=today,
                milestones=[{"title": "Этап", "due_on": today, "amount": -1}],
            )
        assert not Contract.objects.filter(tender=tender).exists()

    def test_bid_offer_refused_alike_by_form_and_service(self):
        form = BidForm(
            {
                "technical_proposal": "Ыкма",
                "proposed_team": "Асан",
                "price": "0",
                "conflict_of_interest_declared": "on",
            }
        )
        assert not form.is_valid()
        assert form.errors["price"] == [
            "The financial offer must be a positive amount."
        ]

    def test_scores_outside_0_100_refused(self):
        tender, bids = tender_at_status(TenderStatus.OPENED)
        criterion = tender.criteria.first()
        member = tender.committee.first()
        services.committee_declare(member=member, by=member.user, no_conflict=True)
        with (
            time_machine.travel(move_past(tender.opened_at)),
            pytest.raises(DomainError, match="between 0 and 100"),
        ):
            services.member_scores_save(
                member=member,
                by=member.user,
                scores={(bids[0].pk, criterion.pk): Decimal("100.5")},
            )
        assert not TechnicalScore.objects.filter(bid__tender=tender).exists()
