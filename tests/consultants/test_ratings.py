"""Ratings of a member's completed work (contracts and direct consultations):
the figures the registry sorts on, one rating per work, one public answer by
the rated member; and availability."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from consultants.models import (
    Availability,
    Consultant,
    ConsultantRating,
    RatedWork,
)
from consultants.services import answer_rating, rate_consultant
from portal.errors import DomainError
from portal.outbox.models import Event
from procurement import services as procurement
from procurement.models import TenderStatus
from tests.accounts.factories import ConsultantUserFactory, UserFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import MunicipalityFactory
from tests.procurement.factories import tender_at_status

pytestmark = pytest.mark.django_db


def _rate(consultant, rating, work_id, work=RatedWork.CONSULTATION, **kwargs):
    return rate_consultant(
        consultant=consultant,
        municipality=kwargs.pop("municipality", None) or MunicipalityFactory(),
        work=work,
        work_id=work_id,
        rating=rating,
        **kwargs,
    )


class TestFigures:
    def test_average_count_and_contracts_follow_the_ratings(self):
        member = ConsultantFactory()
        _rate(member, 5, 1, work=RatedWork.CONTRACT)
        _rate(member, 4, 2, work=RatedWork.CONTRACT)
        _rate(member, 2, 3)
        member.refresh_from_db()
        assert member.rating_count == 3
        assert str(member.rating_average) == "3.67"
        assert member.completed_contracts == 2
        other = ConsultantFactory()
        other.refresh_from_db()
        assert (other.rating_count, other.rating_average) == (0, None)

    def test_the_member_hears_of_the_rating(self):
        member = ConsultantFactory()
        rating = _rate(member, 4, 7, comment="Жакшы иш")
        event = Event.objects.get(topic="consultant.rated")
        assert event.payload == {"rating_id": rating.pk, "consultant_id": member.pk}

    @pytest.mark.parametrize("bad", [0, 6, -1, "five", None])
    def test_a_rating_outside_1_to_5_changes_nothing(self, bad):
        member = ConsultantFactory()
        with pytest.raises(DomainError):
            _rate(member, bad, 1)
        assert not ConsultantRating.objects.exists()
        member.refresh_from_db()
        assert member.rating_count == 0

    def test_one_rating_per_work(self):
        member = ConsultantFactory()
        _rate(member, 5, 1)
        with pytest.raises(DomainError):
            _rate(member, 1, 1)
        with pytest.raises(IntegrityError), transaction.atomic():
            ConsultantRating.objects.create(
                consultant=member,
                municipality=MunicipalityFactory(),
                work=RatedWork.CONSULTATION,
                work_id=1,
                rating=3,
            )
        member.refresh_from_db()
        assert (member.rating_count, str(member.rating_average)) == (1, "5.00")

    def test_completing_a_contract_rates_the_winner(self):
        tender, _ = tender_at_status(TenderStatus.COMPLETED)
        contract = tender.contract
        winner = contract.award.bid.consultant
        rating = ConsultantRating.objects.get(
            work=RatedWork.CONTRACT, work_id=contract.pk
        )
        assert rating.consultant == winner
        assert rating.municipality == tender.municipality
        assert rating.rating == contract.rating
        winner.refresh_from_db()
        assert winner.completed_contracts == 1
        assert winner.rating_count == 1
        with pytest.raises(DomainError):
            procurement.contract_complete(
                contract=contract, by=None, rating=1, comment=""
            )


class TestAnswer:
    def test_the_rated_member_answers_once_in_public(self):
        user = ConsultantUserFactory()
        member = ConsultantFactory(user=user)
        rating = _rate(member, 2, 1)
        answer_rating(rating=rating, by=user, text="  Мөөнөт кечиккен себеби…  ")
        rating.refresh_from_db()
        assert rating.answer == "Мөөнөт кечиккен себеби…"
        assert rating.answered_by == user and rating.is_answered
        with pytest.raises(DomainError):
            answer_rating(rating=rating, by=user, text="Экинчи жооп")
        rating.refresh_from_db()
        assert rating.answer == "Мөөнөт кечиккен себеби…"

    def test_nobody_else_answers(self):
        member = ConsultantFactory(user=ConsultantUserFactory())
        rating = _rate(member, 2, 1)
        for stranger in (UserFactory(), ConsultantUserFactory()):
            with pytest.raises(DomainError):
                answer_rating(rating=rating, by=stranger, text="Мен жооп берем")
        rating.refresh_from_db()
        assert not rating.is_answered

    def test_an_empty_answer_changes_nothing(self):
        user = ConsultantUserFactory()
        rating = _rate(ConsultantFactory(user=user), 3, 1)
        with pytest.raises(DomainError):
            answer_rating(rating=rating, by=user, text="   ")
        rating.refresh_from_db()
        assert rating.answer == "" and rating.answered_at is None


class TestAvailability:
    def test_busy_until_a_past_day_is_available_again(self):
        today = date(2026, 12, 4)
        free = ConsultantFactory()
        busy = ConsultantFactory(
            availability=Availability.BUSY, busy_until=date(2026, 12, 10)
        )
        back = ConsultantFactory(
            availability=Availability.BUSY, busy_until=date(2026, 12, 3)
        )
        resting = ConsultantFactory(availability=Availability.NOT_TAKING)
        mine = Consultant.objects.filter(pk__in=[free.pk, busy.pk, back.pk, resting.pk])
        found = set(mine.available(today).values_list("pk", flat=True))
        assert found == {free.pk, back.pk}
        for member in (free, busy, back, resting):
            assert member.is_available(today) == (member.pk in found)

    def test_busy_needs_a_date(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ConsultantFactory(availability=Availability.BUSY, busy_until=None)
