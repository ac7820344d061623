"""The evaluation committee and the two envelopes, from the services and the
pages: who sits on it, declarations before any bid is seen, independent
scores, disqualification below the minimum (a disqualified bid's offer is
never decrypted), the financial opening, and the report equal to the
ranking."""

import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from portal.errors import DomainError
from procurement import access, services
from procurement.documents import evaluation_report, evaluation_report_pdf
from procurement.models import Bid, TenderStatus
from tests.accounts.factories import UserFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    certified_consultant,
    committee_scores,
    move_past,
    tender_at_status,
)


@pytest.fixture
def opened(db, settings, tmp_path):
    """A tender whose technical envelopes are open, three bids, a committee
    of three colleagues of the staff member who runs it."""
    settings.MEDIA_ROOT = tmp_path
    staff = StaffMembershipFactory().user
    tender, bids = tender_at_status(
        TenderStatus.OPENED, staff=staff, prices=["400000", "450000", "380000"]
    )
    members = list(tender.committee.select_related("user"))
    return tender, bids, staff, members


def grid(tender, bids, value):
    return {
        (bid.pk, criterion.pk): Decimal(value)
        for bid in bids
        for criterion in tender.criteria.all()
    }


class TestNamingTheCommittee:
    def test_at_least_three_members(self, opened, settings):
        tender, bids, staff, members = opened
        assert len(members) == settings.PROCUREMENT_MIN_COMMITTEE == 3
        with pytest.raises(DomainError, match="at least 3"):
            services.committee_appoint(
                tender=tender, by=staff, staff=[m.user for m in members[:2]]
            )

    def test_staff_of_another_municipality_is_refused(self, opened):
        tender, bids, staff, members = opened
        outsider = StaffMembershipFactory().user
        with pytest.raises(DomainError, match="confirmed staff"):
            services.committee_appoint(
                tender=tender, by=staff, staff=[staff, members[0].user, outsider]
            )

    def test_an_outside_expert_with_an_account_may_sit(self, opened):
        tender, bids, staff, members = opened
        expert = UserFactory()
        seated = services.committee_appoint(
            tender=tender,
            by=staff,
            staff=[m.user for m in members[:2]],
            experts=[expert],
        )
        assert {m.user for m in seated} == {members[0].user, members[1].user, expert}
        assert [m.is_expert for m in seated if m.user == expert] == [True]

    def test_only_the_municipality_names_it(self, opened):
        tender, bids, staff, members = opened
        with pytest.raises(DomainError):
            services.committee_appoint(
                tender=tender,
                by=StaffMembershipFactory().user,
                staff=[m.user for m in members],
            )

    def test_a_member_who_declared_stays_and_scoring_freezes_it(self, opened):
        tender, bids, staff, members = opened
        first = members[0]
        services.committee_declare(member=first, by=first.user, no_conflict=True)
        others = [StaffMembershipFactory(municipality=tender.municipality).user]
        with pytest.raises(DomainError, match="stay"):
            services.committee_appoint(
                tender=tender,
                by=staff,
                staff=[m.user for m in members[1:]] + others,
            )
        services.member_scores_save(
            member=first, by=first.user, scores=grid(tender, bids, 80), submit=True
        )
        assert not access.can_name_committee(staff, tender)
        with pytest.raises(DomainError, match="scoring has begun"):
            services.committee_appoint(
                tender=tender, by=staff, staff=[m.user for m in members]
            )


class TestDeclarations:
    def test_no_scores_before_the_declaration(self, opened):
        tender, bids, staff, members = opened
        member = members[0]
        with pytest.raises(DomainError, match="conflict of interest"):
            services.member_scores_save(
                member=member, by=member.user, scores=grid(tender, bids, 80)
            )

    def test_a_declaration_must_be_made_not_refused(self, opened):
        tender, bids, staff, members = opened
        with pytest.raises(DomainError):
            services.committee_declare(
                member=members[0], by=members[0].user, no_conflict=False
            )
        members[0].refresh_from_db()
        assert not members[0].has_declared

    def test_the_page_shows_no_bid_before_the_declaration(self, opened, client_for):
        tender, bids, staff, members = opened
        member = members[0]
        client = client_for(member.user)
        url = reverse("procurement:tender-evaluate", args=[tender.pk])
        page = client.get(url).content.decode()
        assert 'id="declaration"' in page
        assert 'id="technical-proposals"' not in page
        assert bids[0].get_absolute_url() not in page
        assert client.get(bids[0].get_absolute_url()).status_code == 404
        client.post(
            reverse("procurement:committee-declare", args=[tender.pk]),
            {"no_conflict": "on"},
        )
        page = client.get(url).content.decode()
        assert 'id="declaration"' not in page
        assert bids[0].get_absolute_url() in page
        response = client.get(bids[0].get_absolute_url())
        assert response.status_code == 200
        assert "катышуучулук" in response.content.decode()


class TestIndependence:
    def test_no_member_sees_another_members_scores_before_all_submit(
        self, opened, client_for
    ):
        tender, bids, staff, members = opened
        first, second, third = members
        for member in members:
            services.committee_declare(member=member, by=member.user, no_conflict=True)
        # a distinctive figure only the first member gives
        services.member_scores_save(
            member=first, by=first.user, scores=grid(tender, bids, "73.25"), submit=True
        )
        services.member_scores_save(
            member=second, by=second.user, scores=grid(tender, bids, "81.50")
        )
        url = reverse("procurement:tender-evaluate", args=[tender.pk])
        for user in (second.user, third.user, staff, first.user):
            page = client_for(user).get(url).content.decode()
            assert "73.25" not in page and "73,25" not in page, user
            assert 'id="committee-scores"' not in page
        # a member's own draft is shown to that member alone
        assert "81.50" in client_for(second.user).get(url).content.decode()
        assert "81.50" not in client_for(third.user).get(url).content.decode()
        assert not access.can_see_committee_scores(second.user, tender)
        services.member_scores_save(
            member=second, by=second.user, scores={}, submit=True
        )
        services.member_scores_save(
            member=third, by=third.user, scores=grid(tender, bids, 90), submit=True
        )
        for user in (first.user, second.user, third.user, staff):
            page = client_for(user).get(url).content.decode()
            assert 'id="committee-scores"' in page, user
            assert "73.25" in page or "73,25" in page

    def test_submitted_scores_cannot_change(self, opened):
        tender, bids, staff, members = opened
        committee_scores(tender, members[:1], grid(tender, bids, 80))
        with pytest.raises(DomainError, match="cannot change"):
            services.member_scores_save(
                member=members[0], by=members[0].user, scores=grid(tender, bids, 99)
            )

    def test_a_member_scores_only_as_themself(self, opened):
        tender, bids, staff, members = opened
        services.committee_declare(
            member=members[0], by=members[0].user, no_conflict=True
        )
        with pytest.raises(DomainError):
            services.member_scores_save(
                member=members[0], by=staff, scores=grid(tender, bids, 80)
            )

    def test_the_municipality_cannot_take_the_result_before_everyone_submits(
        self, opened
    ):
        tender, bids, staff, members = opened
        committee_scores(tender, members[:2], grid(tender, bids, 80))
        with pytest.raises(DomainError, match="Every committee member"):
            services.technical_evaluation_complete(tender=tender, by=staff)

    def test_one_staff_account_cannot_score_or_award_alone(self, opened, client_for):
        tender, bids, staff, members = opened
        with pytest.raises(DomainError):
            services.tender_award(tender=tender, by=staff)
        with pytest.raises(DomainError):
            services.financial_open(tender=tender, by=staff)
        url = reverse("procurement:tender-evaluate", args=[tender.pk])
        client = client_for(staff)
        assert "form" not in client.get(url).context
        response = client.post(url, grid_post(tender, bids, 90))
        assert response.status_code == 302
        assert not tender.committee.filter(scores__isnull=False).exists()


def grid_post(tender, bids, value):
    return {
        f"score_{bid.pk}_{criterion.pk}": str(value)
        for bid in bids
        for criterion in tender.criteria.all()
    }


@pytest.fixture
def scored(opened):
    """Every member has scored: bids 0 and 2 reach the minimum (70), bid 1
    (averages 60) does not."""
    tender, bids, staff, members = opened
    scores = {}
    for bid, value in zip(bids, (85, 60, 75), strict=True):
        for criterion in tender.criteria.all():
            scores[(bid.pk, criterion.pk)] = Decimal(value)
    committee_scores(tender, members, scores, spread=(-5, 0, 5))
    return tender, bids, staff, members


class TestTwoEnvelopes:
    def test_the_result_is_the_average_and_low_bids_are_disqualified(self, scored):
        tender, bids, staff, members = scored
        results = services.technical_evaluation_complete(tender=tender, by=staff)
        by_bid = {r.bid.pk: r for r in results}
        assert by_bid[bids[0].pk].score == Decimal("85.00")
        assert by_bid[bids[1].pk].score == Decimal("60.00")
        loser = Bid.objects.get(pk=bids[1].pk)
        assert loser.qualified is False
        assert "60.00" in loser.disqualification_reason
        assert "70.00" in loser.disqualification_reason

    def test_a_disqualified_bids_offer_is_never_decrypted(self, scored):
        tender, bids, staff, members = scored
        services.technical_evaluation_complete(tender=tender, by=staff)
        # an envelope nobody can open: any attempt to decrypt it would fail
        Bid.objects.filter(pk=bids[1].pk).update(sealed_price=b"not a token")
        services.financial_open(tender=tender, by=staff)
        loser = Bid.objects.get(pk=bids[1].pk)
        assert loser.price is None and bytes(loser.sealed_price) == b"not a token"
        assert loser.financial_returned_at is not None
        assert loser.rank is None
        assert access.bid_price_for(staff, loser) is None
        winners = Bid.objects.filter(pk__in=[bids[0].pk, bids[2].pk])
        assert all(b.price is not None and b.sealed_price is None for b in winners)
        with pytest.raises(DomainError):
            loser.open_offer()

    def test_prices_stay_sealed_until_the_financial_opening(self, scored):
        tender, bids, staff, members = scored
        services.technical_evaluation_complete(tender=tender, by=staff)
        assert not Bid.objects.filter(tender=tender, price__isnull=False).exists()
        services.financial_open(tender=tender, by=staff)
        tender.refresh_from_db()
        assert tender.status == TenderStatus.EVALUATED
        assert tender.financial_opened_at is not None

    def test_the_ranking_and_the_award(self, scored):
        tender, bids, staff, members = scored
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        ranked = list(tender.bids.ranked())
        # 0.8·85 + 0.2·(100·380000/400000) = 87.00; 0.8·75 + 0.2·100 = 80.00
        assert [(b.pk, b.rank, b.combined_score) for b in ranked[:2]] == [
            (bids[0].pk, 1, Decimal("87.00")),
            (bids[2].pk, 2, Decimal("80.00")),
        ]
        award = services.tender_award(tender=tender, by=staff)
        assert award.bid_id == bids[0].pk


class TestReport:
    def test_the_reports_figures_equal_the_ranking(self, scored):
        tender, bids, staff, members = scored
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        report = evaluation_report(tender)
        ranked = [b for b in tender.bids.ranked() if b.rank]
        assert [(b.pk, b.rank, b.combined_score) for b in report["ranking"]] == [
            (b.pk, b.rank, b.combined_score) for b in ranked
        ]
        assert [b.pk for b in report["disqualified"]] == [bids[1].pk]
        assert len(report["members"]) == 3
        row = next(r for r in report["rows"] if r["bid"].pk == bids[0].pk)
        assert [s for _c, s in row["averages"]] == [Decimal("85.00")] * 2
        assert [[s for _c, s in scores] for _m, scores in row["by_member"]] == [
            [Decimal("80.00")] * 2,
            [Decimal("85.00")] * 2,
            [Decimal("90.00")] * 2,
        ]
        text = "".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO(evaluation_report_pdf(tender))).pages
        )
        flat = re.sub(r"\s+", " ", text)
        # in the tender's language (the factory's tender is written in Kyrgyz)
        assert tender.document_language == "ky"
        assert "Баалоо" in flat
        with translation.override("ky"):
            for bid in ranked:
                assert f"{bid.combined_score}" in flat
                assert bid.consultant.name in flat
            assert bids[1].consultant.name in flat and "60.00" in flat

    def test_the_report_is_published_to_bidders_after_the_financial_opening(
        self, scored, client_for
    ):
        tender, bids, staff, members = scored
        url = reverse("procurement:tender-evaluation-report", args=[tender.pk])
        assert client_for(bids[0].consultant.user).get(url).status_code == 404
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        for user in (bids[0].consultant.user, bids[1].consultant.user, staff):
            response = client_for(user).get(url)
            assert response.status_code == 200, user
            assert response.content.startswith(b"%PDF")
        assert client_for(certified_consultant().user).get(url).status_code == 403
        assert client_for(None).get(url).status_code == 302  # sign in first


class TestPages:
    def test_irreversible_steps_are_confirmed_on_a_page_of_their_own(
        self, scored, client_for
    ):
        tender, bids, staff, members = scored
        client = client_for(staff)
        url = reverse("procurement:tender-technical-result", args=[tender.pk])
        page = client.post(url).content.decode()
        assert 'name="confirmed" value="1"' in page
        assert bids[1].consultant.name in page
        tender.refresh_from_db()
        assert tender.technical_evaluated_at is None
        client.post(url, {"confirmed": "1"})
        tender.refresh_from_db()
        assert tender.technical_evaluated_at is not None
        url = reverse("procurement:tender-financial-open", args=[tender.pk])
        page = client.post(url).content.decode()
        assert 'name="confirmed" value="1"' in page
        tender.refresh_from_db()
        assert tender.financial_opened_at is None
        client.post(url, {"confirmed": "1"})
        tender.refresh_from_db()
        assert tender.financial_opened_at is not None

    def test_only_the_municipality_takes_these_steps(self, scored, client_for):
        tender, bids, staff, members = scored
        outsider = UserFactory()
        for name in ("tender-technical-result", "tender-financial-open"):
            url = reverse(f"procurement:{name}", args=[tender.pk])
            for user in (StaffMembershipFactory().user, outsider):
                response = client_for(user).post(url, {"confirmed": "1"})
                assert response.status_code == 403, (name, user)
            for user in (bids[0].consultant.user, certified_consultant().user):
                response = client_for(user).post(url, {"confirmed": "1"})
                assert response.status_code == 403, (name, user)
        tender.refresh_from_db()
        assert tender.technical_evaluated_at is None

    def test_the_evaluation_page_is_for_the_municipality_and_the_committee(
        self, opened, client_for
    ):
        tender, bids, staff, members = opened
        url = reverse("procurement:tender-evaluate", args=[tender.pk])
        assert client_for(staff).get(url).status_code == 200
        assert client_for(members[0].user).get(url).status_code == 200
        for user in (StaffMembershipFactory().user, bids[0].consultant.user):
            assert client_for(user).get(url).status_code == 403

    def test_only_the_municipality_names_the_committee(self, opened, client_for):
        tender, bids, staff, members = opened
        url = reverse("procurement:tender-committee", args=[tender.pk])
        assert client_for(staff).get(url).status_code == 200
        for user in (
            StaffMembershipFactory().user,
            bids[0].consultant.user,
            UserFactory(),
        ):
            response = client_for(user).post(url, {"staff": [staff.pk]})
            assert response.status_code == 403, user
        assert client_for(None).get(url).status_code == 302
        assert tender.committee.count() == 3

    def test_too_small_a_committee_is_refused_on_the_page(self, opened, client_for):
        tender, bids, staff, members = opened
        url = reverse("procurement:tender-committee", args=[tender.pk])
        response = client_for(staff).post(url, {"staff": [members[0].user.pk]})
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
        assert tender.committee.count() == 3

    def test_every_scoring_field_is_labelled(self, opened, client_for):
        tender, bids, staff, members = opened
        member = members[0]
        services.committee_declare(member=member, by=member.user, no_conflict=True)
        url = reverse("procurement:tender-evaluate", args=[tender.pk])
        page = client_for(member.user).get(url).content.decode()
        inputs = re.findall(r'<input[^>]*name="(score_[^"]+)"[^>]*id="([^"]+)"', page)
        inputs += re.findall(r'<input[^>]*id="([^"]+)"[^>]*name="(score_[^"]+)"', page)
        ids = {i for pair in inputs for i in pair if i.startswith("id_")}
        assert len(ids) == len(bids) * tender.criteria.count()
        for field_id in ids:
            assert f'<label for="{field_id}">' in page, field_id

    def test_a_member_scores_and_submits_through_the_page(self, opened, client_for):
        tender, bids, staff, members = opened
        member = members[0]
        client = client_for(member.user)
        client.post(
            reverse("procurement:committee-declare", args=[tender.pk]),
            {"no_conflict": "on"},
        )
        url = reverse("procurement:tender-evaluate", args=[tender.pk])
        bad = grid_post(tender, bids, 80) | {"submit": "1"}
        bad[next(iter(bad))] = "101"
        response = client.post(url, bad)
        assert (
            response.status_code == 200 and "error-summary" in response.content.decode()
        )
        data = grid_post(tender, bids, 80) | {"submit": "1"}
        page = client.post(url, data).content.decode()
        assert 'name="confirmed" value="1"' in page
        member.refresh_from_db()
        assert not member.has_submitted
        client.post(url, data | {"confirmed": "1"})
        member.refresh_from_db()
        assert member.has_submitted and member.scores.count() == 6


@pytest.mark.django_db
def test_the_committee_flow_on_the_time_machine(settings, tmp_path):
    """tender_at_status drives the whole flow: committee, financial opening,
    award."""
    settings.MEDIA_ROOT = tmp_path
    tender, bids = tender_at_status(TenderStatus.AWARD_PENDING)
    assert tender.committee.submitted().count() == 3
    assert tender.financial_opened_at and tender.technical_evaluated_at
    with time_machine.travel(move_past(tender.award.standstill_ends_at), tick=False):
        assert services.award_finalize(tender=tender)


class TestConsensus:
    def test_a_recorded_consensus_replaces_the_average(self, scored, client_for):
        tender, bids, staff, members = scored
        client = client_for(staff)
        url = reverse("procurement:tender-technical-result", args=[tender.pk])
        data = {"consensus": "1", "minutes": "Комиссиянын жыйыны, 3 мүчө."}
        data |= {f"consensus_{bid.pk}": "72" for bid in bids}
        # the minutes are required
        client.post(url, data | {"minutes": ""} | {"confirmed": "1"})
        tender.refresh_from_db()
        assert tender.technical_evaluated_at is None
        page = client.post(url, data).content.decode()
        assert 'name="confirmed" value="1"' in page and "Комиссиянын жыйыны" in page
        client.post(url, data | {"confirmed": "1"})
        tender.refresh_from_db()
        assert tender.consensus_minutes == "Комиссиянын жыйыны, 3 мүчө."
        scores = {b.pk: (b.technical_score, b.qualified) for b in tender.bids.all()}
        # bid 1 averaged 60 but the committee agreed on 72: it qualifies
        assert set(scores.values()) == {(Decimal("72.00"), True)}
        services.financial_open(tender=tender, by=staff)
        report = evaluation_report(tender)
        assert report["disqualified"] == []
        assert [b.technical_score for b in report["ranking"]] == [Decimal("72.00")] * 3

    def test_a_consensus_needs_every_bid(self, scored):
        tender, bids, staff, members = scored
        with pytest.raises(DomainError, match="every bid"):
            services.technical_evaluation_complete(
                tender=tender,
                by=staff,
                consensus={bids[0].pk: Decimal(80)},
                minutes="Жыйын.",
            )
