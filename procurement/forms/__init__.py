"""Forms of the tender pages, split by stage and re-exported here."""

from .alerts import AlertSettingsForm
from .bids import (
    BidForm,
    ContractForm,
    MilestoneForm,
    MilestoneFormSet,
    RatingForm,
)
from .committee import CommitteeForm, ConsensusForm, DeclarationForm, ScoresForm
from .complaints import (
    ComplaintDecisionForm,
    ComplaintExplainForm,
    ComplaintForm,
    ResumeForm,
    ReviewMemberForm,
)
from .fields import (
    ACCEPT,
    DATE_INPUT,
    DATETIME_INPUT,
    CheckedFileField,
    MultipleCheckedFileField,
    MultipleFileInput,
    upload_help,
)
from .methods import InterestForm, ProposalsRequestForm, ShortlistForm
from .tenders import (
    AmendForm,
    AnswerForm,
    CancelForm,
    CriterionFormSet,
    DocumentForm,
    QuestionForm,
    TenderForm,
)

__all__ = [
    "InterestForm",
    "ProposalsRequestForm",
    "ShortlistForm",
    "ACCEPT",
    "AlertSettingsForm",
    "AmendForm",
    "AnswerForm",
    "BidForm",
    "CancelForm",
    "CheckedFileField",
    "CommitteeForm",
    "ConsensusForm",
    "ComplaintDecisionForm",
    "ComplaintExplainForm",
    "ComplaintForm",
    "ResumeForm",
    "ReviewMemberForm",
    "ContractForm",
    "CriterionFormSet",
    "DATETIME_INPUT",
    "DATE_INPUT",
    "DeclarationForm",
    "DocumentForm",
    "MilestoneForm",
    "MilestoneFormSet",
    "MultipleCheckedFileField",
    "MultipleFileInput",
    "QuestionForm",
    "RatingForm",
    "ScoresForm",
    "TenderForm",
    "upload_help",
]
