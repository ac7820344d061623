"""Procurement workflows. Each service is one atomic change: it locks the tender
row (SELECT … FOR UPDATE) so that bids, the deadline, the opening and the award
are serialized per tender, relies on database constraints for what must never
happen twice, and announces through the outbox after commit.

Split by stage and re-exported here: `from procurement import services` then
`services.bid_submit(...)`."""

from .alerts import (
    alerts_save,
    subscription_derive_from_profile,
    tender_follow,
    tender_unfollow,
)
from .awards import award_finalize, tender_award
from .bids import (
    BidContent,
    bid_confirm,
    bid_file_content,
    bid_submit,
    bid_withdraw,
    sealed_content_reseal,
)
from .committee import (
    TechnicalResult,
    committee_appoint,
    committee_declare,
    committee_problem,
    consensus_problem,
    financial_open,
    member_scores_save,
    technical_evaluation_complete,
    technical_results,
)
from .common import q2
from .complaints import (
    complaint_decide,
    complaint_explain,
    complaint_file,
    review_member_appoint,
    review_member_remove,
    tender_resume,
)
from .contracts import contract_complete, contract_record
from .deadlines import advance_deadlines, tender_close, tender_open
from .drafts import bid_drafts_keep, bid_drafts_purge, bid_drafts_remove
from .evaluation import Ranked, rank_bids, technical_score, tender_evaluate
from .methods import (
    Interest,
    interest_call,
    interest_express,
    proposals_request,
    shortlist_make,
)
from .questions import question_answer, question_ask
from .receipts import receipt_digest, receipt_issue
from .tenders import (
    AMENDABLE_FIELDS,
    CRITERION_FIELDS,
    EDITABLE_FIELDS,
    _store_document,
    document_add,
    document_remove,
    tender_amend,
    tender_cancel,
    tender_publish,
    tender_save,
)

__all__ = [
    "AMENDABLE_FIELDS",
    "CRITERION_FIELDS",
    "EDITABLE_FIELDS",
    "BidContent",
    "Interest",
    "interest_call",
    "interest_express",
    "proposals_request",
    "shortlist_make",
    "Ranked",
    "TechnicalResult",
    "_store_document",
    "advance_deadlines",
    "alerts_save",
    "award_finalize",
    "bid_confirm",
    "bid_drafts_keep",
    "bid_drafts_purge",
    "bid_drafts_remove",
    "bid_file_content",
    "bid_submit",
    "bid_withdraw",
    "committee_appoint",
    "committee_declare",
    "committee_problem",
    "consensus_problem",
    "complaint_decide",
    "complaint_explain",
    "complaint_file",
    "contract_complete",
    "contract_record",
    "document_add",
    "financial_open",
    "member_scores_save",
    "document_remove",
    "q2",
    "question_answer",
    "question_ask",
    "rank_bids",
    "receipt_digest",
    "receipt_issue",
    "review_member_appoint",
    "review_member_remove",
    "sealed_content_reseal",
    "subscription_derive_from_profile",
    "technical_evaluation_complete",
    "technical_results",
    "technical_score",
    "tender_amend",
    "tender_award",
    "tender_cancel",
    "tender_close",
    "tender_evaluate",
    "tender_follow",
    "tender_open",
    "tender_publish",
    "tender_resume",
    "tender_save",
    "tender_unfollow",
]
