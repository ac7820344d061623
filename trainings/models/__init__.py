"""Trainings, attendance, certification programmes and certificates, one
module each; everything is importable from ``trainings.models``."""

from .attendance import Attendance, Participant, ParticipantQuerySet
from .certificate_states import (
    CERTIFICATE_TRANSITIONS,
    CURRENT_STATUSES,
    STATUSES_WITH_REASON,
    CertificateEventAction,
    CertificateMove,
    CertificateStatus,
)
from .certificates import (
    CERTIFICATE_NUMBER_PREFIX,
    Certificate,
    CertificateEvent,
    CertificateQuerySet,
    CertificateSequence,
    compact_reference,
    new_public_code,
    next_certificate_number,
    number_from_reference,
)
from .programmes import (
    DEFAULT_VALIDITY_MONTHS,
    CertificationProgramme,
    CertificationProgrammeQuerySet,
)
from .trainings import BISHKEK, Training, TrainingQuerySet, bishkek_today

__all__ = [
    "BISHKEK",
    "CERTIFICATE_TRANSITIONS",
    "CURRENT_STATUSES",
    "STATUSES_WITH_REASON",
    "CertificateMove",
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
    "bishkek_today",
    "compact_reference",
    "new_public_code",
    "next_certificate_number",
    "number_from_reference",
]
