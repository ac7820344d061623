import re
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from portal.errors import DomainError
from trainings.models import (
    CERTIFICATE_TRANSITIONS,
    STATUSES_WITH_REASON,
    Certificate,
    CertificateStatus,
    Participant,
    Training,
    next_certificate_number,
)

from .factories import (
    EndedTrainingFactory,
    ParticipantFactory,
    ProgrammeFactory,
    TrainingFactory,
    attend,
)

pytestmark = pytest.mark.django_db


class TestCompletionRule:
    def test_every_day_is_needed_by_default(self):
        training = EndedTrainingFactory()
        participant = attend(ParticipantFactory(training=training), training.days[:2])
        assert training.days_needed == 3
        assert not participant.completed
        attend(participant, training.days[2:])
        assert participant.completed

    def test_a_set_number_of_days_is_enough(self):
        training = EndedTrainingFactory(required_days=2)
        participant = attend(ParticipantFactory(training=training), training.days[:2])
        assert participant.completed

    def test_days_outside_the_training_dates_do_not_count(self):
        training = EndedTrainingFactory()
        participant = attend(ParticipantFactory(training=training))
        training.end_date = training.start_date + timedelta(3)
        training.save()
        annotated = Participant.objects.with_attendance().get(pk=participant.pk)
        assert annotated.attended_count == 3
        assert not annotated.completed  # the new fourth day was not attended
        training.end_date = training.start_date + timedelta(1)
        training.save()
        assert Participant.objects.with_attendance().get(pk=participant.pk).completed

    def test_the_database_refuses_a_training_ending_before_it_starts(self):
        with pytest.raises(IntegrityError):
            TrainingFactory(end_date=date(2020, 1, 1), start_date=date(2020, 1, 2))

    def test_the_database_refuses_an_online_training_with_a_region(self):
        with pytest.raises(IntegrityError):
            TrainingFactory(is_online=True, region_id="KG-N")

    def test_the_database_refuses_more_days_needed_than_the_training_has(self):
        training = TrainingFactory(required_days=3)  # three days: allowed
        with pytest.raises(IntegrityError):
            Training.objects.filter(pk=training.pk).update(required_days=4)

    def test_the_database_refuses_more_outside_participants_than_places(self):
        training = TrainingFactory(capacity=5, external_participant_count=5)
        with pytest.raises(IntegrityError):
            Training.objects.filter(pk=training.pk).update(capacity=4)

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            (
                {"end_date": date(2020, 1, 1), "start_date": date(2020, 1, 2)},
                "end_date",
            ),
            ({"required_days": 4}, "required_days"),
            ({"is_online": True}, "region"),
            ({"capacity": 2, "external_participant_count": 3}, "capacity"),
        ],
    )
    def test_clean_names_the_field_of_each_rule(self, fields, field):
        training = TrainingFactory.build(**fields)
        with pytest.raises(ValidationError) as refused:
            training.clean()
        assert list(refused.value.message_dict) == [field]


class TestUpcomingAndPast:
    def test_a_running_training_is_upcoming_until_its_last_day(self):
        today = timezone.localdate()
        running = TrainingFactory(start_date=today - timedelta(1), end_date=today)
        over = TrainingFactory(
            start_date=today - timedelta(3), end_date=today - timedelta(1)
        )
        assert list(
            Training.objects.upcoming().filter(pk__in=[running.pk, over.pk])
        ) == [running]
        assert list(Training.objects.past().filter(pk__in=[running.pk, over.pk])) == [
            over
        ]


class TestProgrammeRules:
    def test_unmet_lists_the_required_trainings_not_completed(self, consultant):
        first, second = EndedTrainingFactory(), EndedTrainingFactory()
        programme = ProgrammeFactory(required_trainings=[first, second])
        attend(ParticipantFactory(training=first, consultant=consultant))
        attend(
            ParticipantFactory(training=second, consultant=consultant),
            second.days[:1],
        )
        assert programme.unmet_trainings([consultant]) == {consultant.pk: [second]}
        attend(Participant.objects.get(training=second, consultant=consultant))
        assert programme.unmet_trainings([consultant]) == {consultant.pk: []}

    def test_validity_is_two_years_by_default(self):
        programme = ProgrammeFactory()
        assert programme.validity_months == 24
        assert programme.expiry_for(date(2026, 3, 1)) == date(2028, 2, 29)


class TestCertificateNumber:
    def test_numbers_count_per_year_with_five_digits(self):
        assert next_certificate_number(2026) == "BAZhBA-2026-00001"
        assert next_certificate_number(2026) == "BAZhBA-2026-00002"
        assert next_certificate_number(2027) == "BAZhBA-2027-00001"

    def test_public_code_is_long_random_and_unique(self, make_certificate):
        codes = {make_certificate().public_code for _ in range(3)}
        assert len(codes) == 3
        assert all(re.fullmatch(r"[a-z2-7]{24}", code) for code in codes)


class TestCertificateTransitions:
    def test_suspension_needs_a_reason(self, certificate, academy_admin):
        with pytest.raises(DomainError):
            certificate.suspend(reason="  ", by=academy_admin)
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE

    def test_a_suspension_can_be_lifted(self, certificate, academy_admin):
        certificate.suspend(reason="Complaint under review", by=academy_admin)
        certificate.reinstate(by=academy_admin)
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE
        assert certificate.status_reason == ""

    def test_a_revocation_is_final(self, certificate, academy_admin):
        certificate.revoke(reason="Forged attendance", by=academy_admin)
        with pytest.raises(DomainError):
            certificate.reinstate(by=academy_admin)
        with pytest.raises(DomainError):
            certificate.suspend(reason="again", by=academy_admin)
        with pytest.raises(DomainError):
            certificate.revoke(reason="again", by=academy_admin)
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.REVOKED
        assert certificate.status_reason == "Forged attendance"

    def test_every_change_is_kept_with_who_when_what_why(
        self, certificate, academy_admin
    ):
        certificate.suspend(reason="Complaint", by=academy_admin)
        certificate.reinstate(by=academy_admin, reason="Complaint dismissed")
        certificate.revoke(reason="Fraud", by=academy_admin)
        history = [
            (e.action, e.old_status, e.new_status, e.reason, e.by)
            for e in certificate.events.order_by("at", "id")
        ]
        assert history == [
            ("issued", "", "active", "", academy_admin),
            ("suspended", "active", "suspended", "Complaint", academy_admin),
            ("reinstated", "suspended", "active", "Complaint dismissed", academy_admin),
            ("revoked", "active", "revoked", "Fraud", academy_admin),
        ]

    @pytest.mark.parametrize(
        "role", ["anonymous", "holder", "municipal_staff", "coordinator"]
    )
    def test_nobody_but_the_academy_is_offered_a_move(self, request, certificate, role):
        user = {
            "anonymous": AnonymousUser(),
            "holder": certificate.consultant.user,
        }.get(role) or request.getfixturevalue(role)
        assert certificate.available_transitions(user) == []

    def test_the_academy_is_offered_exactly_the_moves_the_table_allows(
        self, certificate, academy_admin
    ):
        assert certificate.available_transitions(academy_admin) == [
            "suspend",
            "revoke",
        ]
        certificate.suspend(reason="Complaint", by=academy_admin)
        assert certificate.available_transitions(academy_admin) == [
            "reinstate",
            "revoke",
        ]
        with time_machine.travel(_noon(certificate.expires_on + timedelta(1))):
            # a suspension cannot be lifted once the validity has ended
            assert certificate.available_transitions(academy_admin) == ["revoke"]
        certificate.revoke(reason="Fraud", by=academy_admin)
        assert certificate.available_transitions(academy_admin) == []

    def test_an_expired_certificate_can_only_be_revoked(
        self, certificate, academy_admin
    ):
        with time_machine.travel(_noon(certificate.expires_on + timedelta(1))):
            assert certificate.available_transitions(academy_admin) == ["revoke"]
            certificate.expire()
            assert certificate.available_transitions(academy_admin) == ["revoke"]
            with pytest.raises(DomainError):
                certificate.suspend(reason="late", by=academy_admin)

    def test_every_refused_move_says_why(self, certificate, academy_admin):
        with pytest.raises(DomainError, match="Only a suspended certificate"):
            certificate.reinstate(by=academy_admin)
        with pytest.raises(DomainError, match="past its date"):
            certificate.expire()
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE
        assert certificate.events.count() == 1  # only the issue

    def test_the_table_and_the_database_agree_on_which_moves_need_a_reason(self):
        needing = {n for n, m in CERTIFICATE_TRANSITIONS.items() if m.needs_reason}
        assert needing == {"suspend", "revoke"}
        assert set(STATUSES_WITH_REASON) == {"suspended", "revoked"}

    def test_the_database_refuses_a_certificate_expiring_before_its_issue(
        self, certificate
    ):
        with pytest.raises(IntegrityError):
            Certificate.objects.filter(pk=certificate.pk).update(
                expires_on=certificate.issued_on - timedelta(1)
            )

    def test_clean_refuses_a_certificate_expiring_before_its_issue(self, certificate):
        certificate.expires_on = certificate.issued_on - timedelta(1)
        with pytest.raises(ValidationError) as refused:
            certificate.clean()
        assert list(refused.value.message_dict) == ["expires_on"]

    def test_the_database_keeps_one_current_certificate_per_programme(
        self, certificate
    ):
        copy = Certificate(
            consultant=certificate.consultant,
            programme=certificate.programme,
            number="BAZhBA-1999-00001",
            issued_on=certificate.issued_on,
            expires_on=certificate.expires_on,
            status=CertificateStatus.SUSPENDED,
            status_reason="copy",
        )
        with pytest.raises(IntegrityError):
            copy.save()

    def test_the_database_refuses_a_revocation_without_reason(self, certificate):
        with pytest.raises(IntegrityError):
            Certificate.objects.filter(pk=certificate.pk).update(status="revoked")


class TestExpiry:
    def test_an_active_certificate_reads_expired_after_its_last_day(self, certificate):
        last_day = certificate.expires_on
        issued = certificate.issued_on
        assert last_day == issued.replace(year=issued.year + 2) - timedelta(1)
        with time_machine.travel(_noon(last_day)):
            assert certificate.effective_status == CertificateStatus.ACTIVE
            assert Certificate.objects.active().filter(pk=certificate.pk).exists()
        with time_machine.travel(_noon(last_day + timedelta(1))):
            assert certificate.status == CertificateStatus.ACTIVE  # not recorded yet
            assert certificate.effective_status == CertificateStatus.EXPIRED
            assert not Certificate.objects.active().filter(pk=certificate.pk).exists()

    def test_a_suspension_lifted_after_the_last_day_is_refused(
        self, certificate, academy_admin
    ):
        certificate.suspend(reason="Complaint", by=academy_admin)
        with (
            time_machine.travel(_noon(certificate.expires_on + timedelta(1))),
            pytest.raises(DomainError),
        ):
            certificate.reinstate(by=academy_admin)


def _noon(day: date):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12, 0))
