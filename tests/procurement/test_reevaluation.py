"""A re-evaluation ordered by the review commission is a new round of the
committee's scoring: the superseded round is kept as it stood (scores,
submissions, results, ranking, the annulled award), the same committee
scores again independently, a new technical result, ranking and award
follow; financial envelopes opened stay open and an envelope returned
unopened is opened only if its bid now qualifies. The committee and the
bidders are told; OCDS publishes the new round; the report prints every
round."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from portal.errors import DomainError
from procurement import access, services
from procurement.documents import evaluation_report, evaluation_report_html
from procurement.models import (
    Award,
    Bid,
    EvaluationRound,
    Release,
    TechnicalScore,
    TenderStatus,
)
from tests.accounts.factories import ReviewBodyFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.notifications.helpers import emails_to
from tests.procurement.factories import (
    committee_scores,
    move_past,
    tender_at_status,
)
from tests.procurement.test_ocds import get_json, validate_package

S = TenderStatus
RELEASES = "/api/v1/ocds/release-package/"


def _grid(tender, values: dict) -> dict:
    """{(bid, criterion): score} with `values` {bid: score}."""
    return {
        (bid.pk, criterion.pk): Decimal(score)
        for bid, score in values.items()
        for criterion in tender.criteria.all()
    }


def _reevaluate(tender, bid, staff):
    """The losing bidder complains in the standstill; the commission orders
    a new evaluation."""
    with time_machine.travel(move_past(tender.award.notified_at), tick=False):
        complaint = services.complaint_file(
            bid=bid, consultant=bid.consultant, text="Баалоодо ката бар."
        )
        services.complaint_explain(
            complaint=complaint, by=staff, explanation="Түшүндүрмө."
        )
        services.complaint_decide(
            complaint=complaint,
            by=ReviewBodyFactory(),
            decision="upheld",
            reasons="Упущен опыт команды: оценить заново.",
            effect="reevaluate",
        )
    tender.refresh_from_db()
    return complaint


@pytest.fixture
def reevaluated(db, settings, tmp_path):
    """Round 1: bids scored 90 and 85, the first awarded; the second's
    complaint upheld with a new evaluation."""
    settings.MEDIA_ROOT = tmp_path
    staff = StaffMembershipFactory().user
    tender, bids = tender_at_status(S.AWARD_PENDING, staff=staff)
    assert tender.award.bid_id == bids[0].pk
    members = list(tender.committee.select_related("user"))
    complaint = _reevaluate(tender, bids[1], staff)
    return tender, bids, staff, members, complaint


@pytest.mark.django_db
class TestTheSupersededRound:
    def test_is_kept_as_it_stood(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        assert tender.status == S.OPENED and tender.evaluation_round == 2
        assert tender.technical_evaluated_at is None
        assert tender.financial_opened_at is None
        assert not Award.objects.filter(tender=tender).exists()
        old = EvaluationRound.objects.get(tender=tender)
        assert (old.number, old.complaint_id) == (1, complaint.pk)
        assert old.technical_evaluated_at and old.financial_opened_at
        assert set(old.submissions) == {str(m.pk) for m in members}
        assert all(old.submissions.values())
        by_bid = {r["bid"]: r for r in old.results}
        assert by_bid[bids[0].pk]["rank"] == 1 and by_bid[bids[1].pk]["rank"] == 2
        assert by_bid[bids[0].pk]["technical_score"] == "90.00"
        assert old.award["bid"] == bids[0].pk
        assert old.award["amount"] == by_bid[bids[0].pk]["price"]
        # the members' round-1 scores are all still there
        criteria = tender.criteria.count()
        kept = TechnicalScore.objects.filter(bid__tender=tender, round=1)
        assert kept.count() == len(members) * len(bids) * criteria
        assert not TechnicalScore.objects.filter(bid__tender=tender, round=2)

    def test_the_bids_wait_for_the_new_result_with_their_prices_open(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        for bid in Bid.objects.filter(tender=tender):
            assert bid.technical_score is None and bid.rank is None
            assert bid.qualified is None and bid.combined_score is None
            assert bid.price is not None  # no re-sealing
        for member in tender.committee.all():
            assert member.has_declared and not member.has_submitted

    def test_nothing_can_be_awarded_before_the_new_ranking(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        with pytest.raises(DomainError):
            services.tender_award(tender=tender, by=staff)
        with pytest.raises(DomainError, match="technical evaluation"):
            services.financial_open(tender=tender, by=staff)

    def test_the_committee_cannot_be_changed(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        assert not access.can_name_committee(staff, tender)
        with pytest.raises(DomainError, match="can no longer change"):
            services.committee_appoint(
                tender=tender,
                by=staff,
                staff=[m.user for m in members[:2]],
                experts=[StaffMembershipFactory().user],
            )


@pytest.mark.django_db
class TestTheNewRound:
    def test_members_score_again_alone_and_a_new_award_follows(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        new = _grid(tender, {bids[0]: 72, bids[1]: 95})
        first = members[0]
        services.member_scores_save(
            member=first, by=first.user, scores=new, submit=True
        )
        # independence again: nobody sees the new scores before all submit
        for user in (members[1].user, staff, first.user):
            assert not access.can_see_committee_scores(user, tender)
        with pytest.raises(DomainError, match="Every committee member"):
            services.technical_evaluation_complete(tender=tender, by=staff)
        for member in members[1:]:
            services.member_scores_save(
                member=member, by=member.user, scores=new, submit=True
            )
        assert access.can_see_committee_scores(members[1].user, tender)
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        tender.refresh_from_db()
        assert tender.status == S.EVALUATED
        ranked = {b.pk: b for b in Bid.objects.filter(tender=tender)}
        assert ranked[bids[1].pk].rank == 1
        assert ranked[bids[1].pk].technical_score == Decimal("95.00")
        services.tender_award(tender=tender, by=staff)
        tender.refresh_from_db()
        assert tender.status == S.AWARD_PENDING
        assert tender.award.bid_id == bids[1].pk
        # round 1 is untouched by round 2
        assert set(
            TechnicalScore.objects.filter(bid__tender=tender, round=1).values_list(
                "score", flat=True
            )
        ) == {Decimal("90.00"), Decimal("85.00")}
        assert set(
            TechnicalScore.objects.filter(bid__tender=tender, round=2).values_list(
                "score", flat=True
            )
        ) == {Decimal("72.00"), Decimal("95.00")}

    def test_a_consensus_can_be_recorded_again(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        committee_scores(tender, members, _grid(tender, {bids[0]: 80, bids[1]: 80}))
        services.technical_evaluation_complete(
            tender=tender,
            by=staff,
            consensus={bids[0].pk: Decimal(75), bids[1].pk: Decimal(88)},
            minutes="Комиссия пришла к согласию.",
        )
        tender.refresh_from_db()
        assert tender.consensus_minutes == "Комиссия пришла к согласию."
        assert Bid.objects.get(pk=bids[1].pk).technical_score == Decimal("88.00")

    def test_an_opened_envelope_stays_open_when_its_bid_now_fails(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        committee_scores(tender, members, _grid(tender, {bids[0]: 40, bids[1]: 90}))
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        failed = Bid.objects.get(pk=bids[0].pk)
        assert failed.qualified is False and failed.price is not None
        assert failed.financial_returned_at is None
        assert "below the minimum" in failed.disqualification_reason
        assert "returned unopened" not in failed.disqualification_reason


@pytest.mark.django_db
def test_a_returned_envelope_is_opened_when_its_bid_qualifies(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = StaffMembershipFactory().user
    tender, bids = tender_at_status(S.OPENED, staff=staff)
    members = list(tender.committee.select_related("user"))
    with time_machine.travel(move_past(tender.opening_at), tick=False):
        committee_scores(tender, members, _grid(tender, {bids[0]: 90, bids[1]: 20}))
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        services.tender_award(tender=tender, by=staff)
    tender.refresh_from_db()
    returned = Bid.objects.get(pk=bids[1].pk)
    assert returned.financial_returned_at is not None and returned.price is None
    _reevaluate(tender, bids[1], staff)
    assert Bid.objects.get(pk=bids[1].pk).financial_returned_at is None
    old = EvaluationRound.objects.get(tender=tender)
    assert {r["bid"]: r for r in old.results}[bids[1].pk]["financial_returned_at"]
    committee_scores(tender, members, _grid(tender, {bids[0]: 90, bids[1]: 80}))
    services.technical_evaluation_complete(tender=tender, by=staff)
    services.financial_open(tender=tender, by=staff)
    opened = Bid.objects.get(pk=bids[1].pk)
    assert opened.price == Decimal("450000") and opened.rank is not None


@pytest.mark.django_db
class TestWhoHearsOfIt:
    def test_the_committee_and_the_bidders_are_told(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        topic = "tender.reevaluation_ordered"
        for member in members:
            (message,) = emails_to(member.user.email, topic)
            assert tender.title_ky in message.subject
        for bid in bids:
            assert len(emails_to(bid.consultant.user.email, topic)) == 1
        assert emails_to(ReviewBodyFactory().email, topic) == []


@pytest.mark.django_db
class TestOcds:
    def test_the_new_round_is_a_release_and_validates(self, client, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        release = Release.objects.filter(tender=tender).order_by("sequence").last()
        assert release.release_id.endswith("-evaluation-round-2")
        assert release.tag == ["tenderUpdate"]
        assert release.data["tender"]["status"] == "active"
        assert "awards" not in release.data or all(
            a["status"] == "cancelled" for a in release.data["awards"]
        )
        assert validate_package(get_json(client, RELEASES), "release") == []


@pytest.mark.django_db
class TestReportAndPages:
    def _complete_round_two(self, tender, bids, staff, members):
        committee_scores(tender, members, _grid(tender, {bids[0]: 72, bids[1]: 95}))
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        tender.refresh_from_db()

    def test_the_report_shows_both_rounds(self, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        self._complete_round_two(tender, bids, staff, members)
        report = evaluation_report(tender)
        (past,) = report["earlier_rounds"]
        assert past["round"].number == 1
        assert [r["bid"] for r in past["ranking"]] == [bids[0].pk, bids[1].pk]
        assert past["award"]["bid"] == bids[0].pk
        first_row = {row["bid"].pk: row for row in past["rows"]}[bids[0].pk]
        assert {s for _, scores in first_row["by_member"] for _, s in scores} == {
            Decimal("90.00")
        }
        current = {row["bid"].pk: row for row in report["rows"]}[bids[1].pk]
        assert {s for _, scores in current["by_member"] for _, s in scores} == {
            Decimal("95.00")
        }
        assert [b.pk for b in report["ranking"]] == [bids[1].pk, bids[0].pk]
        html = evaluation_report_html(tender)
        assert 'id="current-round"' in html and 'class="earlier-round"' in html
        assert 'class="annulled-award"' in html

    def test_the_pages_say_which_round(self, client_for, reevaluated):
        tender, bids, staff, members, complaint = reevaluated
        evaluate = reverse("procurement:tender-evaluate", args=[tender.pk])
        page = client_for(staff).get(evaluate).content.decode()
        assert 'id="evaluation-round"' in page
        member_page = client_for(members[0].user).get(evaluate).content.decode()
        assert 'id="scores-form"' in member_page
        public = client_for(None).get(tender.get_absolute_url()).content.decode()
        assert 'id="opening-record"' in public and 'id="evaluation-round"' in public
