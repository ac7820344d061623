"""Tender state transitions: every allowed move and every refusal."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.errors import DomainError
from procurement.models import (
    TENDER_TRANSITIONS,
    Tender,
    TenderDocument,
    TenderStatus,
)
from tests.procurement.factories import (
    TenderFactory,
    move_past,
    published_tender,
    submit_bid,
    tender_at_status,
)

ALL = list(TenderStatus.values)


def in_state(tender, status):
    """The tender, put in a state directly (with what the database requires of
    that state), to test each transition's guard from every state."""
    Tender.objects.filter(pk=tender.pk).update(
        status=status,
        published_at=None if status == "draft" else timezone.now(),
        opening_at=timezone.now() + timedelta(days=20),
        cancel_reason="other" if status == "cancelled" else "",
        cancel_explanation="x" if status == "cancelled" else "",
    )
    return Tender.objects.get(pk=tender.pk)


@pytest.mark.django_db
class TestPublish:
    def test_publishes_a_complete_draft(self):
        tender = TenderFactory()
        tender.publish()
        tender.refresh_from_db()
        assert tender.status == TenderStatus.PUBLISHED
        assert tender.published_at is not None

    def test_refuses_a_deadline_closer_than_the_minimum(self, settings):
        settings.PROCUREMENT_MIN_SUBMISSION_DAYS = 14
        tender = TenderFactory(
            submission_deadline=timezone.now() + timedelta(days=13, hours=23),
            questions_deadline=timezone.now() + timedelta(days=5),
        )
        with pytest.raises(DomainError, match="at least 14 days"):
            tender.publish()
        assert Tender.objects.get(pk=tender.pk).status == TenderStatus.DRAFT

    def test_minimum_days_come_from_settings(self, settings):
        settings.PROCUREMENT_MIN_SUBMISSION_DAYS = 3
        tender = TenderFactory(
            submission_deadline=timezone.now() + timedelta(days=4),
            questions_deadline=timezone.now() + timedelta(days=2),
        )
        tender.publish()
        assert tender.status == TenderStatus.PUBLISHED

    def test_refuses_without_terms_of_reference(self):
        tender = TenderFactory()
        TenderDocument.objects.filter(tender=tender).delete()
        with pytest.raises(DomainError, match="terms of reference"):
            tender.publish()

    def test_refuses_criteria_weights_not_adding_to_100(self):
        tender = TenderFactory()
        tender.criteria.filter(weight=40).update(weight=30)
        with pytest.raises(DomainError, match="add up to 100"):
            tender.publish()

    def test_refuses_without_regions_or_expertise(self):
        tender = TenderFactory()
        tender.regions.clear()
        tender.expertise_areas.clear()
        with pytest.raises(DomainError) as error:
            tender.publish()
        assert "regions" in str(error.value.message)
        assert "expertise" in str(error.value.message)

    def test_refuses_to_publish_twice(self):
        tender = published_tender()
        with pytest.raises(DomainError, match="Only a draft"):
            tender.publish()

    def test_database_refuses_a_published_tender_without_dates(self):
        tender = TenderFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Tender.objects.filter(pk=tender.pk).update(status="published")


@pytest.mark.django_db
class TestClose:
    def test_refuses_before_the_deadline(self):
        tender = published_tender()
        with pytest.raises(DomainError, match="not passed"):
            tender.close()

    def test_closes_with_enough_bids(self, settings):
        settings.PROCUREMENT_MIN_BIDS = 2
        tender, _ = tender_at_status(TenderStatus.CLOSED, bidders=2)
        assert tender.status == TenderStatus.CLOSED

    def test_unsuccessful_with_fewer_bids_than_the_minimum(self, settings):
        settings.PROCUREMENT_MIN_BIDS = 2
        tender, _ = tender_at_status(TenderStatus.CLOSED, bidders=1)
        assert tender.status == TenderStatus.UNSUCCESSFUL

    def test_single_source_needs_one_bid(self, settings):
        settings.PROCUREMENT_MIN_BIDS = 2
        from tests.procurement.factories import certified_consultant

        member = certified_consultant()
        tender = published_tender(
            procurement_method="single_source",
            selection_method="consultSingleSource",
            single_source_consultant=member,
            single_source_justification="Law No. 27, art. 21: continuation.",
        )
        submit_bid(tender, member)
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            tender.close()
        assert tender.status == TenderStatus.CLOSED

    def test_withdrawn_and_unconfirmed_bids_do_not_count(self, settings):
        settings.PROCUREMENT_MIN_BIDS = 1
        tender, bids = tender_at_status(TenderStatus.PUBLISHED, bidders=2)
        bids[0].status = "withdrawn"
        bids[0].save()
        bids[1].needs_confirmation = True
        bids[1].save()
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            tender.close()
        assert tender.status == TenderStatus.UNSUCCESSFUL


@pytest.mark.django_db
class TestLaterTransitions:
    def test_opening_refused_before_the_opening_time(self):
        tender, _ = tender_at_status(TenderStatus.PUBLISHED)
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            tender.close()
            with pytest.raises(DomainError, match="opening time"):
                tender.mark_opened()

    @pytest.mark.parametrize(
        "status",
        [
            TenderStatus.OPENED,
            TenderStatus.EVALUATED,
            TenderStatus.AWARD_PENDING,
            TenderStatus.AWARDED,
            TenderStatus.CONTRACT_SIGNED,
            TenderStatus.COMPLETED,
        ],
    )
    def test_the_whole_path_reaches_each_state(self, status):
        tender, _ = tender_at_status(status)
        assert tender.status == status

    @pytest.mark.parametrize(
        ("method", "allowed"),
        [
            ("mark_opened", [TenderStatus.CLOSED]),
            ("mark_evaluated", [TenderStatus.OPENED, TenderStatus.EVALUATED]),
            ("start_standstill", [TenderStatus.EVALUATED]),
            ("finalize_award", [TenderStatus.AWARD_PENDING]),
            ("sign_contract", [TenderStatus.AWARDED]),
            ("complete", [TenderStatus.CONTRACT_SIGNED]),
        ],
    )
    def test_every_transition_refuses_every_other_state(self, method, allowed):
        tender = TenderFactory()
        for status in ALL:
            if status in allowed:
                continue
            tender = in_state(tender, status)
            with pytest.raises(DomainError):
                getattr(tender, method)()
            assert Tender.objects.get(pk=tender.pk).status == status

    @pytest.mark.parametrize("status", ALL)
    def test_cancel_from_any_state_before_the_contract(self, status):
        tender = in_state(TenderFactory(), status)
        if status in TENDER_TRANSITIONS["cancel"].sources:
            tender.cancel(reason="no_funds", explanation="Бюджет кыскарды.")
            tender.refresh_from_db()
            assert tender.status == TenderStatus.CANCELLED
            assert tender.cancel_reason == "no_funds"
        else:
            with pytest.raises(DomainError):
                tender.cancel(reason="no_funds", explanation="Бюджет кыскарды.")
            assert Tender.objects.get(pk=tender.pk).status == status

    def test_cancel_needs_reason_and_explanation(self):
        tender = TenderFactory()
        with pytest.raises(DomainError, match="reason"):
            tender.cancel(reason="", explanation="x")
        with pytest.raises(DomainError, match="Explain"):
            tender.cancel(reason="other", explanation="  ")
        with pytest.raises(IntegrityError), transaction.atomic():
            Tender.objects.filter(pk=tender.pk).update(status="cancelled")


@pytest.mark.django_db
def test_a_draft_cancelled_before_publication_stays_private(client):
    tender = TenderFactory()
    tender.cancel(reason="no_funds", explanation="Бюджет жок.")
    assert not Tender.objects.public().filter(pk=tender.pk).exists()
    assert client.get(tender.get_absolute_url()).status_code == 404
