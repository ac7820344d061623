"""Consultants and their network status, one module each; everything is
importable from ``consultants.models``."""

from .consultants import (
    Consultant,
    ConsultantKind,
    ConsultantQuerySet,
    ExpertiseArea,
    LegalForm,
    WorkLanguage,
    phone_validator,
)
from .statuses import (
    MEMBER_STATUSES,
    NETWORK_TRANSITIONS,
    PUBLIC_STATUSES,
    NetworkMove,
    NetworkStatus,
    StatusChange,
)

__all__ = [
    "MEMBER_STATUSES",
    "NETWORK_TRANSITIONS",
    "PUBLIC_STATUSES",
    "Consultant",
    "ConsultantKind",
    "ConsultantQuerySet",
    "ExpertiseArea",
    "LegalForm",
    "NetworkMove",
    "NetworkStatus",
    "StatusChange",
    "WorkLanguage",
    "phone_validator",
]
