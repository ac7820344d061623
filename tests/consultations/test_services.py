"""The life of a consultation request through its services: sending (chosen
members or every available matching member of the region), answers, the
choice, closing, the work done with ratings both ways, the draft tender."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import translation

from consultants.models import Availability, ConsultantRating, RatedWork
from consultations import services
from consultations.models import (
    ConsultationRequest,
    MunicipalityRating,
    Recipient,
    RequestStatus,
)
from portal.errors import DomainError
from portal.outbox.models import Event
from procurement.models import Tender
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.consultations.factories import member, offer, send, staff, tariffs
from tests.municipalities.factories import MunicipalityFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are matched by their English source words."""
    with translation.override("en"):
        yield


def _region_request(staff_user, **values):
    data = {
        "topic": "Тариф",
        "expertise_area": tariffs(),
        "description": "Тапшырма",
        "timeframe": "март айында эки жума",
    }
    data.update(values)
    return services.request_send(
        municipality=staff_user.staff_membership.municipality,
        by=staff_user,
        values=data,
        audience="region",
    )


class TestSending:
    def test_sent_to_the_chosen_members_only(self):
        asker = staff()
        one, two, other = member(), member(), member()
        request_ = send(asker, [one, two])
        assert set(request_.recipients.values_list("consultant", flat=True)) == {
            one.pk,
            two.pk,
        }
        assert request_.status == RequestStatus.OPEN
        assert Event.objects.filter(
            topic="consultation.sent", payload={"request_id": request_.pk}
        ).exists()
        assert not Recipient.objects.filter(consultant=other).exists()

    def test_region_reaches_every_available_matching_member(self):
        asker = staff()  # an ayil okmotu of Naryn
        home = member()  # based in Naryn
        serving = member(home_region=region("KG-C"), regions_served=[region("KG-N")])
        member(home_region=region("KG-C"))  # Chüy only
        member(expertise_areas=[ExpertiseAreaFactory(code="budget-x")])
        member(availability=Availability.NOT_TAKING)
        member(availability=Availability.BUSY, busy_until=date.today() + timedelta(9))
        free_again = member(
            availability=Availability.BUSY, busy_until=date.today() - timedelta(1)
        )
        member(status="suspended")
        ConsultantFactory(status="applicant", expertise_areas=[tariffs()])
        request_ = _region_request(asker)
        got = set(request_.recipients.values_list("consultant", flat=True))
        assert got == {home.pk, serving.pk, free_again.pk}

    def test_region_with_nobody_to_ask_is_refused_and_writes_nothing(self):
        asker = staff()
        member(home_region=region("KG-C"))
        with pytest.raises(DomainError, match="No available member"):
            _region_request(asker)
        assert not ConsultationRequest.objects.exists()

    def test_chosen_non_members_are_refused(self):
        asker = staff()
        applicant = ConsultantFactory(status="applicant")
        with pytest.raises(DomainError, match="at least one"):
            send(asker, [applicant])
        assert not ConsultationRequest.objects.exists()

    @pytest.mark.parametrize(
        "values, message",
        [
            ({"starts_on": date(2027, 3, 1), "ends_on": date(2027, 2, 1)}, "end date"),
            ({"starts_on": None, "ends_on": None, "timeframe": ""}, "timeframe"),
            ({"budget": Decimal("-5")}, "above zero"),
        ],
    )
    def test_bad_values_are_refused(self, values, message):
        with pytest.raises(DomainError, match=message):
            send(staff(), [member()], **values)
        assert not ConsultationRequest.objects.exists()

    def test_pending_staff_and_members_cannot_send(self):
        from tests.municipalities.factories import PendingStaffFactory

        pending = PendingStaffFactory().user
        with pytest.raises(DomainError):
            send(pending, [member()])
        someone = member()
        with pytest.raises((DomainError, AttributeError)):
            send(someone.user, [member()])
        assert not ConsultationRequest.objects.exists()


class TestAnswers:
    def test_offer_and_decline(self):
        one, two = member(), member()
        request_ = send(staff(), [one, two])
        answer = offer(request_, one, price="45000")
        assert (answer.reply, answer.price) == ("interested", Decimal("45000"))
        declined = services.request_answer(
            request=request_, by=two.user, interested=False, reason="Бош эмесмин"
        )
        assert (declined.reply, declined.decline_reason) == ("declined", "Бош эмесмин")
        assert Event.objects.filter(topic="consultation.answered").count() == 2

    def test_a_member_not_asked_cannot_answer(self):
        request_ = send(staff(), [member()])
        with pytest.raises(DomainError, match="not sent to you"):
            offer(request_, member())

    @pytest.mark.parametrize("price", ["-1", "abc", "0"])
    def test_bad_price_changes_nothing(self, price):
        one = member()
        request_ = send(staff(), [one])
        with pytest.raises(DomainError):
            offer(request_, one, price=price)
        assert Recipient.objects.get(consultant=one).reply == "pending"

    def test_an_offer_needs_words(self):
        one = member()
        request_ = send(staff(), [one])
        with pytest.raises(DomainError, match="offer"):
            offer(request_, one, text="  ")

    def test_the_database_refuses_interest_without_an_offer(self):
        one = member()
        request_ = send(staff(), [one])
        with pytest.raises(IntegrityError), transaction.atomic():
            Recipient.objects.filter(request=request_).update(reply="interested")


class TestAgreement:
    def test_choosing_an_offer_agrees_and_tells_the_members(self):
        asker = staff()
        one, two = member(), member()
        request_ = send(asker, [one, two])
        chosen = offer(request_, one)
        offer(request_, two)
        services.request_agree(request=request_, by=asker, recipient_id=chosen.pk)
        request_.refresh_from_db()
        assert (request_.status, request_.chosen_id) == ("agreed", chosen.pk)
        assert Event.objects.filter(topic="consultation.agreed").exists()
        # no more answers, no second choice
        with pytest.raises(DomainError):
            offer(request_, two)
        with pytest.raises(DomainError):
            services.request_agree(request=request_, by=asker, recipient_id=chosen.pk)

    def test_a_decline_cannot_be_chosen(self):
        asker = staff()
        one = member()
        request_ = send(asker, [one])
        declined = services.request_answer(
            request=request_, by=one.user, interested=False
        )
        with pytest.raises(DomainError, match="answered with an offer"):
            services.request_agree(request=request_, by=asker, recipient_id=declined.pk)
        request_.refresh_from_db()
        assert request_.status == "open"

    def test_staff_of_another_municipality_cannot_choose(self):
        one = member()
        request_ = send(staff(), [one])
        chosen = offer(request_, one)
        with pytest.raises(DomainError):
            services.request_agree(request=request_, by=staff(), recipient_id=chosen.pk)

    def test_closing_without_agreement(self):
        asker = staff()
        request_ = send(asker, [member()])
        services.request_cancel(request=request_, by=asker, reason="Бюджет жок")
        request_.refresh_from_db()
        assert (request_.status, request_.cancel_reason) == ("cancelled", "Бюджет жок")
        assert Event.objects.filter(topic="consultation.cancelled").exists()
        with pytest.raises(DomainError):
            services.request_cancel(request=request_, by=asker)


def _agreed(price=None, budget=None):
    asker = staff()
    one = member()
    request_ = send(asker, [one], budget=budget)
    chosen = offer(request_, one, price=price)
    services.request_agree(request=request_, by=asker, recipient_id=chosen.pk)
    request_.refresh_from_db()
    return asker, one, request_


class TestRatingsBothWays:
    def test_staff_rate_the_member_through_the_one_rating_home(self):
        asker, one, request_ = _agreed()
        services.request_complete(request=request_, by=asker, rating=4, comment="Ok")
        request_.refresh_from_db()
        assert request_.status == "done"
        rating = ConsultantRating.objects.get(
            work=RatedWork.CONSULTATION, work_id=request_.pk
        )
        assert (rating.consultant, rating.rating) == (one, 4)
        one.refresh_from_db()
        assert one.rating_count == 1
        assert Event.objects.filter(topic="consultant.rated").exists()
        assert request_.consultant_rating() == rating

    def test_a_bad_rating_leaves_the_request_agreed(self):
        asker, one, request_ = _agreed()
        with pytest.raises(DomainError):
            services.request_complete(request=request_, by=asker, rating=9)
        request_.refresh_from_db()
        assert request_.status == "agreed"

    def test_the_member_rates_the_municipality_once_and_it_answers_once(self):
        asker, one, request_ = _agreed()
        with pytest.raises(DomainError):  # not before the work is done
            services.municipality_rate(
                request=request_, by=one.user, overall=5, clarity=5, payment=5
            )
        services.request_complete(request=request_, by=asker, rating=5)
        rating = services.municipality_rate(
            request=request_, by=one.user, overall=4, clarity=3, payment=5,
            comment="Тапшырма так эмес болчу",
        )  # fmt: skip
        assert rating.municipality == request_.municipality
        assert Event.objects.filter(topic="consultation.municipality_rated").exists()
        with pytest.raises(DomainError):
            services.municipality_rate(
                request=request_, by=one.user, overall=5, clarity=5, payment=5
            )
        with pytest.raises(DomainError):  # another municipality's staff
            services.municipality_rating_answer(rating=rating, by=staff(), text="x")
        services.municipality_rating_answer(rating=rating, by=asker, text="Рахмат")
        with pytest.raises(DomainError, match="once"):
            services.municipality_rating_answer(rating=rating, by=asker, text="2")
        rating.refresh_from_db()
        assert rating.answer == "Рахмат"

    def test_a_member_not_chosen_cannot_rate(self):
        asker = staff()
        one, two = member(), member()
        request_ = send(asker, [one, two])
        chosen = offer(request_, one)
        offer(request_, two)
        services.request_agree(request=request_, by=asker, recipient_id=chosen.pk)
        services.request_complete(request=request_, by=asker, rating=5)
        with pytest.raises(DomainError):
            services.municipality_rate(
                request=request_, by=two.user, overall=1, clarity=1, payment=1
            )

    @pytest.mark.parametrize("bad", [0, 6, "x", None])
    def test_marks_out_of_range_are_refused(self, bad):
        asker, one, request_ = _agreed()
        services.request_complete(request=request_, by=asker, rating=5)
        with pytest.raises(DomainError):
            services.municipality_rate(
                request=request_, by=one.user, overall=bad, clarity=3, payment=3
            )
        assert not MunicipalityRating.objects.exists()


class TestTenderThreshold:
    @override_settings(CONSULTATIONS_DIRECT_CONTRACT_LIMIT=100000)
    def test_above_the_limit_by_budget_or_price(self):
        _, _, request_ = _agreed(price="50000")
        assert request_.amount_above_direct_limit() is None
        _, _, request_ = _agreed(price="150000")
        assert request_.amount_above_direct_limit() == Decimal("150000")
        _, _, request_ = _agreed(budget=Decimal("250000"))
        assert request_.amount_above_direct_limit() == Decimal("250000")

    def test_a_draft_tender_with_the_terms_prefilled(self):
        asker, _, request_ = _agreed(price="1500000", budget=Decimal("1400000"))
        tender = services.request_to_tender(request=request_, by=asker)
        tender = Tender.objects.get(pk=tender.pk)
        assert tender.status == "draft"
        assert tender.municipality == request_.municipality
        assert tender.title_ky == request_.topic
        assert tender.description_ky == request_.description
        assert list(tender.expertise_areas.all()) == [request_.expertise_area]
        assert tender.estimated_budget == Decimal("1500000")
        # asked twice: the same draft
        assert services.request_to_tender(request=request_, by=asker) == tender
        assert Tender.objects.count() == 1
        with pytest.raises(DomainError):
            services.request_to_tender(request=request_, by=staff())


def test_requests_of_other_municipalities_stay_apart():
    a, b = staff(), staff(municipality=MunicipalityFactory())
    send(a, [member()])
    assert ConsultationRequest.objects.visible_to(b).count() == 0
    assert ConsultationRequest.objects.visible_to(a).count() == 1
