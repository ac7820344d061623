"""Consulting-service tenders: announcement, sealed bids, opening, evaluation,
award with a standstill period, complaints, contract and the consultant's rating.

State transitions are methods of the model that owns the state; workflows that
touch several models, files or email live in procurement/services/. The models
are split by stage and re-exported here, so `from procurement.models import
Tender` keeps working.
"""

from .alerts import SubscriptionQuerySet, TenderFollow, TenderSubscription
from .announcement import Amendment, Question, TenderDocument, tender_document_path
from .awards import AWARD_TRANSITIONS, Award
from .bid_files import BidFile, BidFileQuerySet, BidReceipt, BidReceiptQuerySet
from .bids import BID_TRANSITIONS, Bid, BidQuerySet
from .choices import (
    INVITATION_METHODS,
    MONEY,
    OPENED_STATES,
    PUBLIC_STATES,
    UPHOLDING,
    ZERO,
    AwardStatus,
    BidStatus,
    CancelReason,
    ComplaintDecision,
    ComplaintEffect,
    ComplaintSubject,
    ContractStatus,
    Eligibility,
    EnvelopeState,
    ProcurementMethod,
    ReceiptKind,
    SelectionMethod,
    ServiceKind,
    TenderStatus,
)
from .complaints import (
    COMPLAINT_TRANSITIONS,
    DECISION_MOVES,
    EFFECTS,
    Complaint,
    ComplaintQuerySet,
)
from .contracts import CONTRACT_TRANSITIONS, Contract, Milestone
from .drafts import BidDraftFile, BidDraftFileQuerySet
from .evaluation import (
    CommitteeMember,
    CommitteeMemberQuerySet,
    EvaluationCriterion,
    EvaluationRound,
    TechnicalScore,
)
from .methods import ExpressionOfInterest, Invitation
from .pipeline import BIDDER, REVIEWER, STAFF, SYSTEM, Move, Pipeline
from .releases import Release, ReleaseQuerySet
from .tender_lifecycle import TENDER_TRANSITIONS
from .tender_queries import TenderQuerySet
from .tenders import Tender

__all__ = [
    "EvaluationRound",
    "EnvelopeState",
    "AWARD_TRANSITIONS",
    "BIDDER",
    "BID_TRANSITIONS",
    "COMPLAINT_TRANSITIONS",
    "CONTRACT_TRANSITIONS",
    "DECISION_MOVES",
    "EFFECTS",
    "REVIEWER",
    "UPHOLDING",
    "STAFF",
    "SYSTEM",
    "TENDER_TRANSITIONS",
    "Move",
    "Pipeline",
    "INVITATION_METHODS",
    "MONEY",
    "OPENED_STATES",
    "PUBLIC_STATES",
    "ZERO",
    "Amendment",
    "Award",
    "AwardStatus",
    "Bid",
    "BidDraftFile",
    "BidDraftFileQuerySet",
    "BidFile",
    "BidFileQuerySet",
    "CommitteeMember",
    "CommitteeMemberQuerySet",
    "BidQuerySet",
    "BidReceipt",
    "BidReceiptQuerySet",
    "BidStatus",
    "CancelReason",
    "ComplaintDecision",
    "ComplaintEffect",
    "ComplaintQuerySet",
    "ComplaintSubject",
    "Complaint",
    "Contract",
    "ContractStatus",
    "Eligibility",
    "EvaluationCriterion",
    "ExpressionOfInterest",
    "Invitation",
    "Milestone",
    "ProcurementMethod",
    "Question",
    "Release",
    "ReleaseQuerySet",
    "SubscriptionQuerySet",
    "ReceiptKind",
    "SelectionMethod",
    "ServiceKind",
    "TechnicalScore",
    "Tender",
    "TenderDocument",
    "TenderFollow",
    "TenderQuerySet",
    "TenderStatus",
    "TenderSubscription",
    "tender_document_path",
]
