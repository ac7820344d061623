"""The trust figures on a member's row (certified areas, certificates in
force, trainings completed) follow every trainings workflow, the daily task
and the edits of trainings and programmes; member_since follows acceptance."""

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from consultants.models import Consultant, ExpertiseArea
from consultants.services import application_accept
from tests.consultants.factories import ApplicantFactory
from trainings import services, tasks
from trainings.models import Attendance, Certificate, Training

from .factories import EndedTrainingFactory, ParticipantFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def figures(consultant) -> tuple[list[str], int, int]:
    row = Consultant.objects.get(pk=consultant.pk)
    return row.certified_areas, row.active_certificates, row.trainings_completed


@pytest.fixture
def tariffs_and_budget(past_training):
    areas = ExpertiseArea.objects.filter(code__in=["tariffs", "procurement"])
    assert areas.count() == 2
    past_training.expertise_areas.set(areas)
    return sorted(a.code for a in areas)


class TestCertificateWorkflows:
    def test_issue_counts_the_certificate_its_areas_and_the_training(
        self, holder, tariffs_and_budget, certificate
    ):
        assert figures(holder) == (tariffs_and_budget, 1, 1)

    def test_suspension_and_revocation_take_the_areas_away_reinstatement_back(
        self, holder, tariffs_and_budget, certificate, academy_admin
    ):
        services.certificate_suspend(
            certificate=certificate, reason="Текшерүү", by=academy_admin
        )
        assert figures(holder) == ([], 0, 1)
        services.certificate_reinstate(certificate=certificate, by=academy_admin)
        assert figures(holder) == (tariffs_and_budget, 1, 1)
        services.certificate_revoke(
            certificate=certificate, reason="Жалган маалымат", by=academy_admin
        )
        assert figures(holder) == ([], 0, 1)

    def test_expiry_by_the_daily_task_takes_the_areas_away(
        self, holder, tariffs_and_budget, certificate
    ):
        yesterday = timezone.localdate() - timedelta(1)
        Certificate.objects.filter(pk=certificate.pk).update(
            issued_on=yesterday - timedelta(30), expires_on=yesterday
        )
        assert figures(holder)[1] == 1  # stale until the task runs
        tasks.expire_certificates_daily(sender=None)
        assert figures(holder) == ([], 0, 1)

    def test_only_a_programmes_training_areas_count(
        self, holder, programme, certificate
    ):
        # the programme's training has no expertise area: certified, for none
        assert figures(holder) == ([], 1, 1)

    def test_a_programme_edit_follows_its_holders(
        self, holder, programme, certificate, client_for, academy_admin
    ):
        other = EndedTrainingFactory(expertise_areas=[])
        other.expertise_areas.add(ExpertiseArea.objects.get(code="tariffs"))
        client = client_for(academy_admin)
        response = client.post(
            f"/en/programmes/{programme.pk}/edit/",
            {
                "name_ky": programme.name_ky,
                "name_ru": programme.name_ru,
                "name_en": programme.name_en,
                "required_trainings": [t.pk for t in programme.required_trainings.all()]
                + [other.pk],
                "validity_months": 24,
                "is_active": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert figures(holder)[0] == ["tariffs"]


class TestAttendance:
    def test_a_sheet_of_an_ended_training_counts_its_completers(
        self, consultant, academy_admin
    ):
        training = EndedTrainingFactory()
        participant = ParticipantFactory(training=training, consultant=consultant)
        services.attendance_record(
            training=training,
            sheet={participant.pk: set(training.days)},
            by=academy_admin,
        )
        assert figures(consultant)[2] == 1
        services.attendance_record(
            training=training,
            sheet={participant.pk: set(training.days[:1])},
            by=academy_admin,
        )
        assert figures(consultant)[2] == 0

    def test_a_training_counts_once_it_has_ended_by_the_daily_task(
        self, consultant, academy_admin
    ):
        today = timezone.localdate()
        training = TrainingFactory(start_date=today - timedelta(1), end_date=today)
        participant = ParticipantFactory(training=training, consultant=consultant)
        services.attendance_record(
            training=training,
            sheet={participant.pk: set(training.days)},
            by=academy_admin,
        )
        assert figures(consultant)[2] == 0  # the last day is not over
        # a day later (the dates and marks moved back instead of the clock
        # forward, without a service, so only the daily task can count it)
        participant.attendances.all().delete()
        Training.objects.filter(pk=training.pk).update(
            start_date=today - timedelta(2), end_date=today - timedelta(1)
        )
        for day in (today - timedelta(2), today - timedelta(1)):
            Attendance.objects.create(participant=participant, date=day)
        assert figures(consultant)[2] == 0
        tasks.expire_certificates_daily(sender=None)
        assert figures(consultant)[2] == 1


class TestMemberSince:
    def test_accepting_an_applicant_records_the_day(self, academy_admin):
        applicant = ApplicantFactory()
        assert applicant.member_since is None
        application_accept(consultant=applicant, by=academy_admin)
        applicant.refresh_from_db()
        assert applicant.member_since == timezone.localdate()


class TestDataMigration:
    def test_computes_what_the_services_keep(
        self, holder, tariffs_and_budget, certificate
    ):
        first_member = Consultant.objects.filter(
            participations__training__start_date="2022-05-29"
        ).first()
        assert first_member is not None
        kept = {c.pk: figures(c) for c in (holder, first_member)}
        Consultant.objects.update(
            certified_areas=[], active_certificates=0, trainings_completed=0
        )
        Consultant.objects.filter(pk=first_member.pk).update(member_since=None)
        migration = importlib.import_module(
            "trainings.migrations.0004_members_trust_figures"
        )
        with connection.cursor() as cursor:
            cursor.execute(migration.FORWARD)
        assert {c: figures(Consultant(pk=c)) for c in kept} == kept
        first_member.refresh_from_db()
        # a first member joined with the 2022 training
        assert str(first_member.member_since) == "2022-05-29"
