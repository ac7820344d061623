"""Direct consultation requests ("ask the network"): a municipality asks
chosen members, or every available matching member of its region, for help;
members answer with an offer or decline; the municipality agrees with one,
marks the work done and rates the member (consultants.ConsultantRating), and
the member rates the municipality (MunicipalityRating)."""

from .ratings import MunicipalityRating, MunicipalityRatingQuerySet
from .requests import (
    REQUEST_TRANSITIONS,
    Audience,
    ConsultationRequest,
    ConsultationRequestQuerySet,
    Move,
    Recipient,
    RecipientQuerySet,
    Reply,
    RequestStatus,
)

__all__ = [
    "REQUEST_TRANSITIONS",
    "Audience",
    "ConsultationRequest",
    "ConsultationRequestQuerySet",
    "Move",
    "MunicipalityRating",
    "MunicipalityRatingQuerySet",
    "Recipient",
    "RecipientQuerySet",
    "Reply",
    "RequestStatus",
]
