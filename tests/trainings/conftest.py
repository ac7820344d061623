from datetime import timedelta

import pytest
from django.utils import timezone, translation

from trainings import services

from .factories import (
    ParticipantFactory,
    ProgrammeFactory,
    TrainingFactory,
    attend,
    completer,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def past_training(db):
    """A three-day training that ended last month."""
    start = timezone.localdate() - timedelta(40)
    return TrainingFactory(start_date=start, end_date=start + timedelta(2))


@pytest.fixture
def programme(past_training):
    return ProgrammeFactory(required_trainings=[past_training])


@pytest.fixture
def holder(consultant, past_training):
    """The `consultant` fixture (a member with an account) having completed the
    programme's training."""
    attend(ParticipantFactory(training=past_training, consultant=consultant))
    return consultant


@pytest.fixture
def certificate(holder, programme, academy_admin):
    return services.certificate_issue(
        consultant=holder, programme=programme, by=academy_admin
    )


@pytest.fixture
def make_certificate(programme, past_training, academy_admin):
    """make_certificate(**consultant_fields) -> a certificate of a new holder."""

    def make(**fields):
        participant = completer(past_training, **fields)
        return services.certificate_issue(
            consultant=participant.consultant, programme=programme, by=academy_admin
        )

    return make
