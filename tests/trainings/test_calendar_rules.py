"""Nobody is marked present, completes a training or is certified for it
before it has happened: attendance only for days that have begun in Bishkek,
completion and certification only after the last day. The clock is held at
moments chosen around Bishkek's midnight (UTC+6), when the date in UTC is
still the day before."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from portal.errors import DomainError
from trainings import services
from trainings.models import BISHKEK, Attendance, Certificate, Participant

from .factories import ParticipantFactory, ProgrammeFactory, TrainingFactory, attend

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2026, 12, 10), date(2026, 12, 12)


def at(day: date, hour: int, minute: int = 0):
    """Hold the clock at that time of day in Bishkek."""
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BISHKEK)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def training():
    """Three days, 10–12 December 2026."""
    return TrainingFactory(start_date=FIRST, end_date=LAST)


@pytest.fixture
def participant(training):
    return ParticipantFactory(training=training)


def url(name, pk, lang="en"):
    with translation.override(lang):
        return reverse(f"trainings:{name}", args=[pk])


class TestTheRule:
    def test_a_day_begins_at_midnight_in_bishkek_whatever_the_active_zone(
        self, training
    ):
        with timezone.override(ZoneInfo("UTC")):
            with at(FIRST, 0, 30):  # still 9 December in UTC
                assert training.day_has_begun(FIRST)
                assert not training.day_has_begun(FIRST.replace(day=11))
                assert training.begun_days() == [FIRST]
            with at(FIRST.replace(day=9), 23, 59):
                assert training.begun_days() == []

    def test_nobody_completes_before_the_last_day_is_over(self, training):
        participant = attend(ParticipantFactory(training=training))  # every day
        with at(LAST, 23, 59):
            assert (
                not Participant.objects.with_attendance()
                .get(pk=participant.pk)
                .completed
            )
        with at(date(2026, 12, 13), 0, 1):
            assert (
                Participant.objects.with_attendance().get(pk=participant.pk).completed
            )


class TestRecordingAttendance:
    def test_a_day_that_has_begun_can_be_recorded(self, training, participant):
        with at(FIRST, 9):
            services.attendance_record(
                training=training, sheet={participant.pk: {FIRST}}, by=None
            )
        assert participant.attended_dates == {FIRST}

    def test_a_future_day_is_refused_and_nothing_changes(
        self, training, participant, academy_admin
    ):
        other = attend(ParticipantFactory(training=training), [FIRST])
        with at(FIRST, 18), pytest.raises(DomainError) as refused:
            services.attendance_record(
                training=training,
                sheet={other.pk: set(), participant.pk: {FIRST, LAST}},
                representatives={participant.pk: "Айгүл"},
                by=academy_admin,
            )
        assert str(participant.consultant) in refused.value.message
        assert "has begun" in refused.value.message
        assert Attendance.objects.filter(participant=other).count() == 1
        assert not participant.attendances.exists()
        participant.refresh_from_db()
        assert participant.representative == ""

    def test_the_sheet_offers_only_the_days_that_have_begun(
        self, client_for, academy_admin, training, participant
    ):
        with at(date(2026, 12, 11), 8):
            page = client_for(academy_admin).get(
                url("training-attendance", training.pk)
            )
        html = page.content.decode()
        assert html.count(" disabled") == 1  # 12 December
        assert 'value="2026-12-12" disabled' in html
        assert 'value="2026-12-11">' in html
        # every box has a label naming the participant and the day
        assert html.count("Present: ") == 3
        assert f"Present: {participant.consultant.name}, Dec. 12, 2026" in html

    def test_a_tick_on_a_future_day_is_refused_in_the_users_language(
        self, client_for, academy_admin, training, participant
    ):
        with at(FIRST, 10):
            response = client_for(academy_admin).post(
                url("training-attendance", training.pk, lang="ru"),
                {
                    "action": "save",
                    "participant": [participant.pk],
                    f"attended-{participant.pk}": [FIRST.isoformat(), "2026-12-11"],
                },
            )
        assert response.status_code == 200
        message = [str(m) for m in response.context["messages"]]
        assert len(message) == 1
        assert participant.consultant.name in message[0]
        assert "нельзя" in message[0]  # the Russian catalogue's wording
        assert not participant.attendances.exists()


class TestCertification:
    @pytest.fixture
    def programme(self, training):
        return ProgrammeFactory(required_trainings=[training])

    def test_certification_is_refused_before_the_training_has_ended(
        self, training, programme, academy_admin
    ):
        # marks made directly (old data): still no certificate before the end
        member = attend(ParticipantFactory(training=training)).consultant
        with at(LAST, 17), pytest.raises(DomainError) as refused:
            services.certificate_issue(
                consultant=member, programme=programme, by=academy_admin
            )
        assert "cannot be certified yet" in refused.value.message
        assert "Dec. 12, 2026" in refused.value.message
        assert not Certificate.objects.exists()
        with at(date(2026, 12, 13), 9):
            services.certificate_issue(
                consultant=member, programme=programme, by=academy_admin
            )
        assert Certificate.objects.count() == 1

    def test_bulk_certification_refuses_everyone_before_the_end(
        self, training, programme, academy_admin
    ):
        member = attend(ParticipantFactory(training=training)).consultant
        with at(LAST, 17):
            result = services.certificates_issue_for_completers(
                training=training,
                programme=programme,
                consultants=[member],
                by=academy_admin,
            )
        assert result.issued == []
        assert "ends on Dec. 12, 2026" in dict(result.refused)[member]
        assert not Certificate.objects.exists()

    def test_the_certify_page_says_why_and_a_post_changes_nothing(
        self, client_for, training, programme, academy_admin
    ):
        member = attend(ParticipantFactory(training=training)).consultant
        client = client_for(academy_admin)
        with at(LAST, 17):
            page = client.get(url("training-certify", training.pk))
            assert 'id="not-ended"' in page.content.decode()
            assert 'id="certify-form"' not in page.content.decode()
            response = client.post(
                url("training-certify", training.pk),
                {"programme": programme.pk, "consultants": [member.pk]},
            )
        assert response.status_code == 200
        assert "ends on Dec. 12, 2026" in response.content.decode()
        assert not Certificate.objects.exists()

    def test_the_certify_one_form_refuses_too(
        self, client_for, training, programme, academy_admin
    ):
        member = attend(ParticipantFactory(training=training)).consultant
        with at(LAST, 17):
            response = client_for(academy_admin).post(
                url("programme-detail", programme.pk), {"consultant": member.pk}
            )
        assert "cannot be certified yet" in response.content.decode()
        assert not Certificate.objects.exists()
