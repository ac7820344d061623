"""The state machines of procurement: each model's one table of moves, and
available_transitions(user) per role and stage, as the pages and the API ask
it. A move the portal makes (SYSTEM) is never offered to anyone."""

from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from portal.errors import DomainError
from procurement import services
from procurement.models import (
    AWARD_TRANSITIONS,
    BID_TRANSITIONS,
    COMPLAINT_TRANSITIONS,
    CONTRACT_TRANSITIONS,
    SYSTEM,
    TENDER_TRANSITIONS,
    Award,
    Bid,
    Complaint,
    Contract,
    Tender,
    TenderStatus,
)
from tests.accounts.factories import (
    AcademyAdminFactory,
    CoordinatorFactory,
    ReviewBodyFactory,
)
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    TenderFactory,
    move_past,
    submit_bid,
    tender_at_status,
)

S = TenderStatus


def _roles(tender, bids, staff):
    coordinator = CoordinatorFactory()
    coordinator.coordinated_regions.add(tender.municipality.region)
    roles = {
        "anonymous": AnonymousUser(),
        "municipal_staff": staff,
        "other_staff": StaffMembershipFactory().user,
        "coordinator": coordinator,
        "academy_admin": AcademyAdminFactory(),
    }
    for index, bid in enumerate(bids):
        roles[f"bidder_{index}"] = bid.consultant.user
    return roles


def _only_staff(expected_for_staff):
    def expected(role):
        return expected_for_staff if role == "municipal_staff" else []

    return expected


class TestTables:
    def test_every_move_reaches_a_state_of_its_model(self):
        for table, states in [
            (TENDER_TRANSITIONS, set(TenderStatus.values)),
            (BID_TRANSITIONS, {"submitted", "withdrawn"}),
            (AWARD_TRANSITIONS, {"pending", "final"}),
            (
                COMPLAINT_TRANSITIONS,
                {"filed", "explained", "rejected", "partly_upheld", "upheld"},
            ),
            (CONTRACT_TRANSITIONS, {"signed", "completed"}),
        ]:
            for name, move in table.items():
                assert move.sources <= states, name
                assert move.target in states, name
                assert str(move.refusal), name

    def test_the_pipeline_reads_the_table_as_state_to_next_states(self):
        pipeline = Tender.pipeline()
        assert pipeline[S.DRAFT] == {S.INTEREST, S.PUBLISHED, S.CANCELLED}
        # two-stage selection: the call, the shortlist, the request for proposals
        assert pipeline[S.INTEREST] == {S.SHORTLISTED, S.CANCELLED}
        assert pipeline[S.SHORTLISTED] == {S.PUBLISHED, S.CANCELLED}
        assert pipeline[S.PUBLISHED] == {
            S.CLOSED,
            S.UNSUCCESSFUL,
            S.OPENED,
            S.SUSPENDED,
            S.CANCELLED,
        }
        assert pipeline[S.SUSPENDED] == {S.PUBLISHED, S.CANCELLED}
        assert pipeline[S.CONTRACT_SIGNED] == {S.COMPLETED}
        for terminal in (S.COMPLETED, S.CANCELLED, S.UNSUCCESSFUL):
            assert terminal not in pipeline
        assert Bid.pipeline() == {
            "submitted": {"submitted", "withdrawn"},
            "withdrawn": {"submitted"},
        }
        decisions = {"rejected", "partly_upheld", "upheld"}
        assert Complaint.pipeline() == {
            "filed": {"explained", *decisions},
            "explained": decisions,
        }
        assert Award.pipeline() == {"pending": {"final"}}
        assert Contract.pipeline() == {"signed": {"completed"}}


@pytest.mark.django_db
class TestTenderTransitions:
    @pytest.mark.parametrize(
        ("status", "for_staff"),
        [
            (S.PUBLISHED, ["cancel"]),
            (S.CLOSED, ["open", "cancel"]),
            (S.OPENED, ["evaluate", "cancel"]),
            (S.EVALUATED, ["evaluate", "award", "cancel"]),
            (S.AWARD_PENDING, ["cancel"]),
            (S.AWARDED, ["contract", "cancel"]),
            (S.CONTRACT_SIGNED, ["complete"]),
            (S.COMPLETED, []),
            (S.UNSUCCESSFUL, []),
        ],
    )
    def test_per_role_and_stage(self, settings, tmp_path, status, for_staff):
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        prices = ["400000"] if status == S.UNSUCCESSFUL else None
        tender, bids = tender_at_status(
            status, staff=staff, bidders=1 if prices else 2, prices=prices
        )
        assert tender.status == status
        expected = _only_staff(for_staff)
        for role, user in _roles(tender, bids, staff).items():
            assert tender.available_transitions(user) == expected(role), role

    def test_a_draft(self):
        staff = StaffMembershipFactory().user
        tender = TenderFactory(municipality=staff.staff_membership.municipality)
        assert tender.available_transitions(staff) == ["publish", "cancel"]
        assert tender.available_transitions(StaffMembershipFactory().user) == []
        assert tender.available_transitions(AcademyAdminFactory()) == []
        assert tender.available_transitions(AnonymousUser()) == []

    def test_opening_is_offered_once_the_deadline_passed(self, settings, tmp_path):
        """Before the sweep has recorded the close, the staff may open (and
        the opening closes the tender first)."""
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            assert tender.status == S.PUBLISHED
            assert tender.available_transitions(staff) == ["open", "cancel"]

    def test_system_moves_are_refused_to_be_offered(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.AWARD_PENDING, staff=staff)
        system = {n for n, m in TENDER_TRANSITIONS.items() if m.by == SYSTEM}
        assert system == {
            "close",
            "declare_unsuccessful",
            "suspend",
            "reconsider",
            "finalize",
        }
        with time_machine.travel(move_past(tender.award.standstill_ends_at)):
            assert tender.can("finalize")
            assert not set(tender.available_transitions(staff)) & system

    def test_close_is_refused_before_the_deadline(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        tender, _ = tender_at_status(S.PUBLISHED)
        with pytest.raises(DomainError, match="has not passed yet"):
            tender.ensure_allowed("close")
        with pytest.raises(DomainError, match="once the tender is closed"):
            tender.ensure_allowed("open")
        assert Tender.objects.get(pk=tender.pk).status == S.PUBLISHED


@pytest.mark.django_db
class TestBidTransitions:
    def test_the_bidder_alone_changes_and_withdraws(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.PUBLISHED, staff=staff)
        bid = Bid.objects.select_related("consultant", "tender").get(pk=bids[0].pk)
        for role, user in _roles(tender, bids, staff).items():
            expected = ["change", "withdraw"] if role == "bidder_0" else []
            assert bid.available_transitions(user) == expected, role

    def test_confirm_only_after_an_amendment(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.PUBLISHED, staff=staff)
        services.tender_amend(
            tender=tender,
            by=staff,
            changes={"estimated_budget": Decimal("600000")},
            summary="Бюджет көбөйдү.",
        )
        bid = Bid.objects.get(pk=bids[0].pk)
        assert bid.needs_confirmation
        user = bid.consultant.user
        assert bid.available_transitions(user) == ["change", "confirm", "withdraw"]

    def test_a_withdrawn_bid_may_be_submitted_again(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        tender, bids = tender_at_status(S.PUBLISHED)
        bid = bids[0]
        services.bid_withdraw(bid=bid, consultant=bid.consultant)
        bid = Bid.objects.get(pk=bid.pk)
        assert bid.available_transitions(bid.consultant.user) == ["resubmit"]
        with pytest.raises(DomainError, match="already been withdrawn"):
            bid.ensure_allowed("withdraw")
        receipt = submit_bid(tender, bid.consultant, "390000")
        assert receipt.kind == "submitted"
        assert Bid.objects.get(pk=bid.pk).status == "submitted"

    def test_nothing_after_the_deadline(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        tender, bids = tender_at_status(S.PUBLISHED)
        bid = bids[0]
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            assert bid.available_transitions(bid.consultant.user) == []
            with pytest.raises(DomainError, match="cannot be withdrawn"):
                bid.ensure_allowed("withdraw")


@pytest.mark.django_db
class TestAwardComplaintContract:
    def test_award_moves_are_the_portals(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.AWARD_PENDING, staff=staff)
        award = tender.award
        for role, user in _roles(tender, bids, staff).items():
            assert award.available_transitions(user) == [], role
        with time_machine.travel(move_past(award.notified_at), tick=False):
            assert not award.can("finalize")
            complaint = services.complaint_file(
                bid=bids[1], consultant=bids[1].consultant, text="Ката."
            )
        with time_machine.travel(move_past(award.standstill_ends_at), tick=False):
            with pytest.raises(DomainError, match="complaint must be decided"):
                award.ensure_allowed("finalize")
            services.complaint_decide(
                complaint=complaint,
                by=ReviewBodyFactory(),
                decision="rejected",
                reasons="Жок.",
                effect="none",
            )
            assert award.can("finalize")

    def test_the_municipality_explains_and_the_commission_decides_once(
        self, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.AWARD_PENDING, staff=staff)
        with time_machine.travel(move_past(tender.award.notified_at), tick=False):
            complaint = services.complaint_file(
                bid=bids[1], consultant=bids[1].consultant, text="Ката."
            )
        complaint = Complaint.objects.select_related("tender").get(pk=complaint.pk)
        reviewer = ReviewBodyFactory()
        roles = _roles(tender, bids, staff)
        for role, user in roles.items():
            expected = ["explain"] if role == "municipal_staff" else []
            assert complaint.available_transitions(user) == expected, role
        # before the municipality's answer (or its time) the commission waits
        assert complaint.available_transitions(reviewer) == []
        complaint.explain(explanation="Эреже сакталды.", by=staff)
        assert complaint.available_transitions(staff) == []
        assert complaint.available_transitions(reviewer) == [
            "uphold",
            "partly_uphold",
            "reject",
        ]
        complaint.decide(
            decision="rejected", reasons="Негизсиз.", effect="none", by=reviewer
        )
        for user in [reviewer, *roles.values()]:
            assert complaint.available_transitions(user) == []
        with pytest.raises(DomainError, match="already been decided"):
            complaint.decide(
                decision="upheld", reasons="Туура.", effect="none", by=reviewer
            )
        assert Complaint.objects.get(pk=complaint.pk).decision == "rejected"

    def test_the_contract_is_completed_by_the_municipality(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.CONTRACT_SIGNED, staff=staff)
        contract = tender.contract
        for role, user in _roles(tender, bids, staff).items():
            assert contract.available_transitions(user) == _only_staff(["complete"])(
                role
            ), role
        services.contract_complete(contract=contract, by=staff, rating=4, comment="")
        contract = Contract.objects.get(pk=contract.pk)
        assert contract.current_state() == "completed"
        assert contract.available_transitions(staff) == []
        with pytest.raises(DomainError):
            contract.complete(rating=5, comment="")
        assert Contract.objects.get(pk=contract.pk).rating == 4


@pytest.mark.django_db
class TestAskedByPagesAndApi:
    def test_api_lists_the_moves_for_the_user(self, client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.PUBLISHED, staff=staff)
        url = f"/api/v1/tenders/{tender.pk}/"
        assert client.get(url).json()["available_transitions"] == []
        client.force_login(staff)
        assert client.get(url).json()["available_transitions"] == ["cancel"]
        client.force_login(bids[0].consultant.user)
        assert client.get(url).json()["available_transitions"] == []
        bid_url = f"/api/v1/bids/{bids[0].pk}/"
        assert client.get(bid_url).json()["available_transitions"] == [
            "change",
            "withdraw",
        ]

    def test_bid_page_offers_withdrawal_only_while_allowed(
        self, client, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        tender, bids = tender_at_status(S.PUBLISHED)
        bid = bids[0]
        client.force_login(bid.consultant.user)
        page = client.get(bid.get_absolute_url()).content.decode()
        assert 'id="withdraw"' in page
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            page = client.get(bid.get_absolute_url()).content.decode()
        assert 'id="withdraw"' not in page
        assert Award.objects.count() == 0
