"""Trainings, attendance, certification programmes and certificates, one
module each; everything is importable from ``trainings.models``."""

from .attendance import Attendance, Participant, ParticipantQuerySet
from .certificates import (
    CERTIFICATE_NUMBER_PREFIX,
    Certificate,
    CertificateEvent,
    CertificateEventAction,
    CertificateQuerySet,
    CertificateSequence,
    CertificateStatus,
    new_public_code,
    next_certificate_number,
)
from .programmes import (
    DEFAULT_VALIDITY_MONTHS,
    CertificationProgramme,
    CertificationProgrammeQuerySet,
)
from .trainings import Training, TrainingQuerySet

__all__ = [
    "CERTIFICATE_NUMBER_PREFIX",
    "DEFAULT_VALIDITY_MONTHS",
    "Attendance",
    "Certificate",
    "CertificateEvent",
    "CertificateEventAction",
    "CertificateQuerySet",
    "CertificateSequence",
    "CertificateStatus",
    "CertificationProgramme",
    "CertificationProgrammeQuerySet",
    "Participant",
    "ParticipantQuerySet",
    "Training",
    "TrainingQuerySet",
    "new_public_code",
    "next_certificate_number",
]
