"""Consultants and their network status, one module each; everything is
importable from ``consultants.models``."""

from .claims import ClaimStatus, ProfileClaim, ProfileInvitation
from .consultants import (
    Consultant,
    ConsultantKind,
    ExpertiseArea,
    LegalForm,
    WorkLanguage,
)
from .figures import RegionFigures
from .queries import ConsultantQuerySet
from .statuses import (
    ACTIVE_STATUSES,
    MEMBER_STATUSES,
    NETWORK_TRANSITIONS,
    PUBLIC_STATUSES,
    NetworkMove,
    NetworkStatus,
    StatusChange,
)
from .trust import Availability, ConsultantRating, RatedWork

__all__ = [
    "Availability",
    "ConsultantRating",
    "RatedWork",
    "ACTIVE_STATUSES",
    "MEMBER_STATUSES",
    "NETWORK_TRANSITIONS",
    "PUBLIC_STATUSES",
    "ClaimStatus",
    "Consultant",
    "ConsultantKind",
    "ConsultantQuerySet",
    "ExpertiseArea",
    "LegalForm",
    "NetworkMove",
    "NetworkStatus",
    "ProfileClaim",
    "ProfileInvitation",
    "RegionFigures",
    "StatusChange",
    "WorkLanguage",
]
