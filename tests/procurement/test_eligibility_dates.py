"""Eligibility reads the certificate's date, not only the stored status that
the daily expiry task keeps up to date."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from consultants.models import NetworkStatus
from portal.errors import DomainError
from procurement import services
from procurement.models import Bid
from tests.procurement.factories import bid_content, published_tender
from tests.trainings.factories import (
    ParticipantFactory,
    ProgrammeFactory,
    TrainingFactory,
    attend,
)
from trainings.services import certificate_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_certificate(consultant, academy_admin):
    start = timezone.localdate() - timedelta(40)
    training = TrainingFactory(start_date=start, end_date=start + timedelta(2))
    attend(ParticipantFactory(training=training, consultant=consultant))
    return certificate_issue(
        consultant=consultant,
        programme=ProgrammeFactory(required_trainings=[training]),
        by=academy_admin,
    )


def test_a_certificate_past_its_date_does_not_let_its_holder_bid(member_certificate):
    member = member_certificate.consultant
    member.refresh_from_db()
    assert member.status == NetworkStatus.CERTIFIED
    days_left = (member_certificate.expires_on - timezone.localdate()).days
    tender = published_tender(
        submission_deadline=timezone.now() + timedelta(days=days_left + 30)
    )
    # just after midnight following the last valid day, before the nightly task
    day_after = member_certificate.expires_on + timedelta(days=1)
    just_after_midnight = timezone.make_aware(
        timezone.datetime(day_after.year, day_after.month, day_after.day, 0, 1)
    )
    with (
        time_machine.travel(just_after_midnight, tick=False),
        pytest.raises(DomainError, match="certified"),
    ):
        services.bid_submit(tender=tender, consultant=member, content=bid_content())
    assert not Bid.objects.filter(tender=tender).exists()


def test_a_certificate_in_force_lets_its_holder_bid(member_certificate):
    member = member_certificate.consultant
    member.refresh_from_db()
    receipt = services.bid_submit(
        tender=published_tender(), consultant=member, content=bid_content()
    )
    assert receipt.digest


def test_the_eligibility_check_is_a_read(member_certificate):
    # past its date, before the nightly task: not eligible, and nothing written
    member = member_certificate.consultant
    member.refresh_from_db()
    tender = published_tender(eligibility="certified")
    day_after = member_certificate.expires_on + timedelta(days=1)
    with time_machine.travel(
        timezone.make_aware(
            timezone.datetime(day_after.year, day_after.month, day_after.day, 12)
        ),
        tick=False,
    ):
        assert "certified" in str(tender.eligibility_problem(member))
    member_certificate.refresh_from_db()
    member.refresh_from_db()
    assert member_certificate.status == "active"
    assert member.status == NetworkStatus.CERTIFIED
