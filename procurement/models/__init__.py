"""Consulting-service tenders: announcement, sealed bids, opening, evaluation,
award with a standstill period, complaints, contract and the consultant's rating.

State transitions are methods of the model that owns the state; workflows that
touch several models, files or email live in procurement/services/. The models
are split by stage and re-exported here, so `from procurement.models import
Tender` keeps working.
"""

from .announcement import Amendment, Question, TenderDocument, tender_document_path
from .awards import Award, Complaint
from .bids import Bid, BidFile, BidQuerySet, BidReceipt, BidReceiptQuerySet
from .choices import (
    CANCELLABLE_STATES,
    MONEY,
    OPENED_STATES,
    PUBLIC_STATES,
    ZERO,
    AwardStatus,
    BidStatus,
    CancelReason,
    ComplaintDecision,
    Eligibility,
    ProcurementMethod,
    ReceiptKind,
    SelectionMethod,
    ServiceKind,
    TenderStatus,
)
from .contracts import Contract, Milestone
from .evaluation import EvaluationCriterion, TechnicalScore
from .tenders import Tender, TenderQuerySet

__all__ = [
    "CANCELLABLE_STATES",
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
    "Eligibility",
    "EvaluationCriterion",
    "Milestone",
    "ProcurementMethod",
    "Question",
    "ReceiptKind",
    "SelectionMethod",
    "ServiceKind",
    "TechnicalScore",
    "Tender",
    "TenderDocument",
    "TenderQuerySet",
    "TenderStatus",
    "tender_document_path",
]
