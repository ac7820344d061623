import io
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from consultants.models import NetworkStatus
from portal.errors import DomainError
from portal.outbox.models import Event
from portal.outbox.tasks import daily
from tests.consultants.factories import ApplicantFactory, ConsultantFactory
from trainings import services
from trainings.models import (
    Attendance,
    Certificate,
    CertificateStatus,
    Participant,
)

from .factories import (
    EndedTrainingFactory,
    ParticipantFactory,
    ProgrammeFactory,
    TrainingFactory,
    attend,
)

pytestmark = pytest.mark.django_db


def _noon(day):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12))


class TestCertificateIssue:
    def test_certifies_a_member_who_met_the_programme(
        self, holder, programme, academy_admin
    ):
        certificate = services.certificate_issue(
            consultant=holder, programme=programme, by=academy_admin
        )
        year = timezone.localdate().year
        assert certificate.number == f"BAZhBA-{year}-00001"
        assert certificate.issued_on == timezone.localdate()
        assert certificate.issued_by == academy_admin
        assert certificate.status == CertificateStatus.ACTIVE
        holder.refresh_from_db()
        assert holder.status == NetworkStatus.CERTIFIED
        change = holder.status_changes.first()
        assert (change.old_status, change.new_status, change.changed_by) == (
            "provisional",
            "certified",
            academy_admin,
        )
        assert certificate.number in change.explanation
        assert Event.objects.filter(topic="certificate.issued").count() == 1

    def test_refuses_a_candidate_who_has_not_completed_naming_the_training(
        self, consultant, programme, past_training, academy_admin
    ):
        attend(
            ParticipantFactory(training=past_training, consultant=consultant),
            past_training.days[:2],
        )
        with pytest.raises(DomainError) as refused:
            services.certificate_issue(
                consultant=consultant, programme=programme, by=academy_admin
            )
        assert str(past_training.title) in str(refused.value.message)
        assert not Certificate.objects.exists()
        consultant.refresh_from_db()
        assert consultant.status == NetworkStatus.PROVISIONAL

    def test_refuses_an_applicant(self, programme, past_training, academy_admin):
        applicant = ApplicantFactory()
        attend(ParticipantFactory(training=past_training, consultant=applicant))
        with pytest.raises(DomainError, match="not a member"):
            services.certificate_issue(
                consultant=applicant, programme=programme, by=academy_admin
            )

    def test_refuses_a_second_current_certificate_of_the_programme(
        self, certificate, programme, academy_admin
    ):
        with pytest.raises(DomainError, match=certificate.number):
            services.certificate_issue(
                consultant=certificate.consultant, programme=programme, by=academy_admin
            )

    def test_after_expiry_the_holder_can_be_certified_again(
        self, certificate, programme, academy_admin
    ):
        with time_machine.travel(_noon(certificate.expires_on + timedelta(1))):
            renewed = services.certificate_issue(
                consultant=certificate.consultant, programme=programme, by=academy_admin
            )
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.EXPIRED
        assert renewed.status == CertificateStatus.ACTIVE

    def test_refuses_a_closed_programme(self, holder, programme, academy_admin):
        programme.is_active = False
        programme.save()
        with pytest.raises(DomainError, match="closed"):
            services.certificate_issue(
                consultant=holder, programme=programme, by=academy_admin
            )


class TestBulkCertification:
    def test_certifies_the_completers_and_refuses_the_others_with_reasons(
        self, academy_admin
    ):
        training, other = EndedTrainingFactory(), EndedTrainingFactory()
        programme = ProgrammeFactory(required_trainings=[training, other])
        both = attend(ParticipantFactory(training=training)).consultant
        attend(ParticipantFactory(training=other, consultant=both))
        only_this = attend(ParticipantFactory(training=training)).consultant
        partial = attend(
            ParticipantFactory(training=training), training.days[:1]
        ).consultant
        result = services.certificates_issue_for_completers(
            training=training,
            programme=programme,
            consultants=[both, only_this, partial],
            by=academy_admin,
        )
        assert [c.consultant for c in result.issued] == [both]
        refused = dict(result.refused)
        assert str(other.title) in refused[only_this]
        assert "not completed this training" in refused[partial]
        assert Certificate.objects.count() == 1


class TestNetworkStatusFollowsCertificates:
    def test_suspension_suspends_the_member_and_reinstatement_certifies_again(
        self, certificate, academy_admin
    ):
        member = certificate.consultant
        services.certificate_suspend(
            certificate=certificate, reason="Complaint", by=academy_admin
        )
        member.refresh_from_db()
        assert member.status == NetworkStatus.SUSPENDED
        assert "Complaint" in member.status_changes.first().explanation
        services.certificate_reinstate(certificate=certificate, by=academy_admin)
        member.refresh_from_db()
        assert member.status == NetworkStatus.CERTIFIED

    def test_revocation_makes_the_member_provisional_again(
        self, certificate, academy_admin
    ):
        services.certificate_revoke(
            certificate=certificate, reason="Fraud", by=academy_admin
        )
        member = certificate.consultant
        member.refresh_from_db()
        assert member.status == NetworkStatus.PROVISIONAL
        assert [(c.old_status, c.new_status) for c in member.status_changes.all()] == [
            ("certified", "provisional"),
            ("provisional", "certified"),
        ]

    def test_the_revocation_reason_goes_to_the_history_not_the_decline_reason(
        self, certificate, academy_admin
    ):
        member = certificate.consultant
        member.refresh_from_db()
        decision_before = member.decision_reason
        services.certificate_revoke(
            certificate=certificate, reason="Fraud", by=academy_admin
        )
        member.refresh_from_db()
        certificate.refresh_from_db()
        assert certificate.status_reason == "Fraud"
        assert member.status_changes.first().reason == "Fraud"
        # decision_reason says why an application was declined
        assert member.decision_reason == decision_before != "Fraud"

    def test_another_certificate_in_force_keeps_the_member_certified(
        self, certificate, past_training, academy_admin
    ):
        second = services.certificate_issue(
            consultant=certificate.consultant,
            programme=ProgrammeFactory(required_trainings=[past_training]),
            by=academy_admin,
        )
        services.certificate_revoke(
            certificate=second, reason="Issued by mistake", by=academy_admin
        )
        certificate.consultant.refresh_from_db()
        assert certificate.consultant.status == NetworkStatus.CERTIFIED


class TestExpiryWithoutAnyoneActing:
    def test_the_daily_beat_task_expires_certificates_past_their_last_day(
        self, certificate, make_certificate
    ):
        later = make_certificate()
        Certificate.objects.filter(pk=later.pk).update(
            expires_on=later.expires_on + timedelta(30)
        )
        member = certificate.consultant
        with time_machine.travel(_noon(certificate.expires_on)):
            daily.apply()
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE
        with time_machine.travel(_noon(certificate.expires_on + timedelta(1))):
            daily.apply()  # the Celery task beat runs every day at 00:05
        certificate.refresh_from_db()
        later.refresh_from_db()
        member.refresh_from_db()
        assert certificate.status == CertificateStatus.EXPIRED
        assert later.status == CertificateStatus.ACTIVE
        assert member.status == NetworkStatus.PROVISIONAL
        change = member.status_changes.first()
        assert change.changed_by is None and certificate.number in change.explanation
        event = certificate.events.first()
        assert (event.action, event.by) == ("expired", None)

    def test_running_it_twice_records_the_expiry_once(self, certificate):
        with time_machine.travel(_noon(certificate.expires_on + timedelta(1))):
            assert services.certificates_expire_due() == 1
            assert services.certificates_expire_due() == 0
        assert certificate.events.filter(action="expired").count() == 1


class TestAttendanceRecord:
    def test_the_sheet_sets_exactly_the_marked_days(self, academy_admin):
        training = EndedTrainingFactory()
        first, second = ParticipantFactory.create_batch(2, training=training)
        attend(first, training.days[:1])
        services.attendance_record(
            training=training,
            sheet={first.pk: set(training.days[1:]), second.pk: set(training.days)},
            representatives={first.pk: "Айгүл Асанова"},
            by=academy_admin,
        )
        first.refresh_from_db()
        assert first.attended_dates == set(training.days[1:])
        assert first.representative == "Айгүл Асанова"
        assert Participant.objects.with_attendance().get(pk=second.pk).completed
        assert Attendance.objects.filter(participant=second).first().recorded_by == (
            academy_admin
        )

    def test_refuses_a_day_outside_the_training(self, academy_admin):
        training = TrainingFactory()
        participant = ParticipantFactory(training=training)
        with pytest.raises(DomainError):
            services.attendance_record(
                training=training,
                sheet={participant.pk: {training.end_date + timedelta(1)}},
                by=academy_admin,
            )

    def test_refuses_a_participant_of_another_training(self, academy_admin):
        training = TrainingFactory()
        stranger = ParticipantFactory()
        with pytest.raises(DomainError):
            services.attendance_record(
                training=training, sheet={stranger.pk: set()}, by=academy_admin
            )


class TestParticipantAdd:
    def test_refuses_beyond_capacity_counting_people_not_in_the_registry(self):
        training = TrainingFactory(capacity=2, external_participant_count=1)
        services.participant_add(training=training, consultant=ConsultantFactory())
        with pytest.raises(DomainError, match="places left"):
            services.participant_add(training=training, consultant=ConsultantFactory())

    def test_refuses_someone_outside_the_network(self):
        with pytest.raises(DomainError):
            services.participant_add(
                training=TrainingFactory(), consultant=ApplicantFactory()
            )


def _xlsx(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "attendance.xlsx"
    return out


class TestAttendanceImport:
    def test_reads_ids_names_and_marks_and_adds_new_participants(self, academy_admin):
        training = EndedTrainingFactory()
        d1, d2, d3 = training.days
        known = ParticipantFactory(training=training)
        by_name = ConsultantFactory(name_ru="ОФ Нарын жаштары")
        rows = services.attendance_import_xlsx(
            training=training,
            upload=_xlsx(
                [
                    ["ID", "Consultant", "Representative", d1, d2, d3.isoformat()],
                    [known.consultant_id, "", "Бакыт", 1, "x", None],
                    [None, "оф нарын жаштары", "", "✓", "+", "да"],
                    [None, None, None, None, None, None],
                ]
            ),
            by=academy_admin,
        )
        assert rows == 2
        known.refresh_from_db()
        assert known.attended_dates == {d1, d2}
        assert known.representative == "Бакыт"
        added = Participant.objects.get(training=training, consultant=by_name)
        assert added.completed

    def test_a_bad_row_names_its_line_and_nothing_is_saved(self, academy_admin):
        training = TrainingFactory()
        d1, d2, d3 = training.days
        good = ConsultantFactory()
        with pytest.raises(services.AttendanceFileError) as refused:
            services.attendance_import_xlsx(
                training=training,
                upload=_xlsx(
                    [
                        ["ID", "Consultant", "Representative", d1, d2, d3],
                        [good.pk, "", "", 1, 1, 1],
                        [999999, "", "", 1, 1, 1],
                        [good.pk, "", "", 1, "maybe", 1],
                    ]
                ),
                by=academy_admin,
            )
        errors = refused.value.errors
        assert errors[0].startswith("Line 3:") and "999999" in errors[0]
        assert errors[1].startswith("Line 4:")
        assert not Participant.objects.filter(training=training).exists()
        assert not Attendance.objects.filter(participant__training=training).exists()

    def test_a_mark_that_is_not_understood_names_line_and_day(self, academy_admin):
        training = TrainingFactory()
        d1, d2, d3 = training.days
        member = ConsultantFactory()
        with pytest.raises(services.AttendanceFileError) as refused:
            services.attendance_import_xlsx(
                training=training,
                upload=_xlsx(
                    [
                        ["ID", "Consultant", "Representative", d1, d2, d3],
                        [member.pk, "", "", 1, "maybe", 1],
                    ]
                ),
                by=academy_admin,
            )
        assert refused.value.errors == [
            f"Line 2, day {d2.isoformat()}: “maybe” is not a mark; put 1 for "
            "present or leave the cell empty."
        ]

    def test_a_long_list_of_mistakes_is_cut_short_with_a_count(self, academy_admin):
        training = TrainingFactory()
        rows = [["ID", "Consultant", "Representative", *training.days]]
        rows += [[900000 + n, "", "", 1, 1, 1] for n in range(60)]
        with pytest.raises(services.AttendanceFileError) as refused:
            services.attendance_import_xlsx(
                training=training, upload=_xlsx(rows), by=academy_admin
            )
        assert len(refused.value.errors) == 51
        assert refused.value.errors[-1] == "…and 10 more mistakes."

    def test_a_column_that_is_not_a_training_day_is_refused(self, academy_admin):
        training = TrainingFactory()
        with pytest.raises(services.AttendanceFileError, match="Line 1"):
            services.attendance_import_xlsx(
                training=training,
                upload=_xlsx(
                    [
                        ["ID", "Consultant", "Representative", "2001-01-01"],
                        [ConsultantFactory().pk, "", "", 1],
                    ]
                ),
                by=academy_admin,
            )

    def test_a_file_that_is_not_xlsx_is_refused(self, academy_admin):
        upload = io.BytesIO(b"id;name\n1;x\n")
        with pytest.raises(services.AttendanceFileError, match="not an XLSX"):
            services.attendance_import_xlsx(
                training=TrainingFactory(), upload=upload, by=academy_admin
            )

    def test_the_downloaded_sheet_uploads_back_unchanged(self, academy_admin):
        training = EndedTrainingFactory()
        participant = attend(ParticipantFactory(training=training), training.days[1:])
        content = services.attendance_workbook(training=training)
        rows = list(load_workbook(io.BytesIO(content)).active.values)
        assert rows[1][0] == participant.consultant_id
        upload = io.BytesIO(content)
        services.attendance_import_xlsx(
            training=training, upload=upload, by=academy_admin
        )
        participant.refresh_from_db()
        assert participant.attended_dates == set(training.days[1:])
