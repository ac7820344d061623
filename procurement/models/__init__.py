"""Consulting-service tenders: announcement, sealed bids, opening, evaluation,
award with a standstill period, complaints, contract and the consultant's rating.

State transitions are methods of the model that owns the state; workflows that
touch several models, files or email live in procurement/services/. The models
are split by stage and re-exported here, so `from procurement.models import
Tender` keeps working.
"""

from .alerts import SubscriptionQuerySet, TenderFollow, TenderSubscription
from .announcement import Amendment, Question, TenderDocument, tender_document_path
from .awards import AWARD_TRANSITIONS, COMPLAINT_TRANSITIONS, Award, Complaint
from .bids import (
    BID_TRANSITIONS,
    Bid,
    BidFile,
    BidQuerySet,
    BidReceipt,
    BidReceiptQuerySet,
)
from .choices import (
    INVITATION_METHODS,
    MONEY,
    OPENED_STATES,
    PUBLIC_STATES,
    ZERO,
    AwardStatus,
    BidStatus,
    CancelReason,
    ComplaintDecision,
    ContractStatus,
    Eligibility,
    ProcurementMethod,
    ReceiptKind,
    SelectionMethod,
    ServiceKind,
    TenderStatus,
)
from .contracts import CONTRACT_TRANSITIONS, Contract, Milestone
from .evaluation import EvaluationCriterion, TechnicalScore
from .methods import ExpressionOfInterest, Invitation
from .pipeline import BIDDER, STAFF, SYSTEM, Move, Pipeline
from .tender_lifecycle import TENDER_TRANSITIONS
from .tenders import Tender, TenderQuerySet

__all__ = [
    "AWARD_TRANSITIONS",
    "BIDDER",
    "BID_TRANSITIONS",
    "COMPLAINT_TRANSITIONS",
    "CONTRACT_TRANSITIONS",
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
    "BidFile",
    "BidQuerySet",
    "BidReceipt",
    "BidReceiptQuerySet",
    "BidStatus",
    "CancelReason",
    "ComplaintDecision",
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
