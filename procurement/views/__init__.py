"""Tender pages. Views ask access.py who may do what, validate with a form and
make one service call; the rules themselves live in access.py, models/ and
services/."""

from .alerts import alert_settings, tender_follow
from .bids import (
    bid_detail,
    bid_submit,
    bid_withdraw,
    biddraft_download,
    bidfile_download,
    bidreceipt_document,
)
from .committee import (
    committee_declare,
    evaluation_report,
    financial_open,
    technical_result,
    tender_committee,
    tender_evaluate,
)
from .common import PAGE_SIZE, rules
from .complaints import (
    complaint_decide,
    complaint_explain,
    complaint_file,
    review_list,
    review_member_remove,
    review_members,
    tender_resume,
    terms_complaint_file,
)
from .evaluation import (
    contract_complete,
    contract_record,
    tender_award,
    tender_open,
)
from .methods import interest_call, interest_express, proposals_request, shortlist
from .public import (
    TenderFeed,
    TenderListView,
    document_download,
    tender_detail,
)
from .recommendations import tender_invite_recommended
from .tenders import (
    document_add,
    document_delete,
    question_answer,
    question_ask,
    tender_amend,
    tender_cancel,
    tender_create,
    tender_edit,
    tender_mine,
    tender_publish,
)

__all__ = [
    "interest_call",
    "interest_express",
    "proposals_request",
    "shortlist",
    "PAGE_SIZE",
    "TenderFeed",
    "TenderListView",
    "alert_settings",
    "bid_detail",
    "bid_submit",
    "bid_withdraw",
    "biddraft_download",
    "bidfile_download",
    "bidreceipt_document",
    "complaint_decide",
    "complaint_explain",
    "complaint_file",
    "review_list",
    "review_member_remove",
    "review_members",
    "tender_resume",
    "terms_complaint_file",
    "contract_complete",
    "contract_record",
    "document_add",
    "document_delete",
    "document_download",
    "question_answer",
    "question_ask",
    "rules",
    "tender_amend",
    "tender_award",
    "tender_committee",
    "committee_declare",
    "evaluation_report",
    "financial_open",
    "technical_result",
    "tender_cancel",
    "tender_create",
    "tender_detail",
    "tender_edit",
    "tender_evaluate",
    "tender_follow",
    "tender_invite_recommended",
    "tender_mine",
    "tender_open",
    "tender_publish",
]
