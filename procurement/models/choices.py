"""Codes and groups of states of the procurement models."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class ProcurementMethod(models.TextChoices):
    """The methods of the Law on Public Procurement No. 27 of 14.04.2022, and
    the two-stage selection of consultants (expression of interest →
    shortlist → request for proposals). Who may bid under each is
    procurement/models/eligibility.py."""

    OPEN = "open", _("open tender")
    TWO_STAGE = "two_stage", _("expression of interest, shortlist, proposals")
    RESTRICTED = "restricted", _("restricted tender")
    REQUEST_FOR_QUOTATIONS = "rfq", _("request for quotations")
    SINGLE_SOURCE = "single_source", _("single source")


class EnvelopeState(models.TextChoices):
    """Where a bid's financial envelope is: sealed until the financial
    opening, opened there, or returned unopened to a bid the committee
    disqualified at the technical stage."""

    SEALED = "sealed", _("sealed until the financial opening")
    OPENED = "opened", _("opened")
    RETURNED = "returned", _("returned unopened")


class SelectionMethod(models.TextChoices):
    """The state procurement portal's codes (its procurementMethodDetails), so
    the portal's data line up with the state's."""

    QUALITY_COST = "consultQualityPrice", _("quality- and cost-based selection")
    QUALITY = "consultQuality", _("quality-based selection")
    FIXED_BUDGET = "consultFixedBudget", _("selection under a fixed budget")
    LEAST_COST = "consultPrice", _("least-cost selection")
    QUALIFICATION = (
        "consultQualification",
        _("selection based on the consultants' qualifications"),
    )
    SINGLE_SOURCE = "consultSingleSource", _("single-source selection")


# Methods where only the members the municipality names may bid.
INVITATION_METHODS = (
    ProcurementMethod.RESTRICTED,
    ProcurementMethod.REQUEST_FOR_QUOTATIONS,
)


class ServiceKind(models.TextChoices):
    STRATEGY = "strategy", _("development strategy or programme")
    TARIFF = "tariff", _("tariff calculation")
    MONITORING = "monitoring", _("monitoring and evaluation system")
    SERVICE_DESIGN = "service_design", _("organizing or improving a local service")
    BUDGET = "budget", _("budget transparency and public hearings")
    ENTERPRISE = "enterprise", _("setting up a municipal enterprise")
    TRAINING = "training", _("training of municipal staff")
    OTHER = "other", _("other consulting services")


class Eligibility(models.TextChoices):
    CERTIFIED = "certified", _("certified network members only")
    REGISTERED = "registered", _("any registered consultant")


class TenderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    INTEREST = "interest", _("accepting expressions of interest")
    SHORTLISTED = "shortlisted", _("shortlist published")
    PUBLISHED = "published", _("accepting bids")
    SUSPENDED = "suspended", _("suspended after a complaint")
    CLOSED = "closed", _("closed for bids")
    OPENED = "opened", _("bids opened")
    EVALUATED = "evaluated", _("evaluated")
    AWARD_PENDING = "award_pending", _("award pending (standstill)")
    AWARDED = "awarded", _("awarded")
    CONTRACT_SIGNED = "contract_signed", _("contract signed")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
    UNSUCCESSFUL = "unsuccessful", _("unsuccessful")


# States in which the tender is public (everything but a draft).
PUBLIC_STATES = [s for s in TenderStatus.values if s != TenderStatus.DRAFT]
# States in which bids have been opened: the sealed rule no longer applies.
OPENED_STATES = [
    TenderStatus.OPENED,
    TenderStatus.EVALUATED,
    TenderStatus.AWARD_PENDING,
    TenderStatus.AWARDED,
    TenderStatus.CONTRACT_SIGNED,
    TenderStatus.COMPLETED,
]


class CancelReason(models.TextChoices):
    NO_LONGER_NEEDED = "no_longer_needed", _("the service is no longer needed")
    NO_FUNDS = "no_funds", _("the budget is no longer available")
    CHANGED_REQUIREMENTS = (
        "changed_requirements",
        _("the requirements changed substantially"),
    )
    IRREGULARITY = "irregularity", _("an irregularity in the procedure")
    COMPLAINT = "complaint", _("a complaint was upheld")
    OTHER = "other", _("other reason")


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("bid status", "submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("bid status", "withdrawn")


class ReceiptKind(models.TextChoices):
    SUBMITTED = "submitted", _("bid submitted")
    UPDATED = "updated", _("bid changed")
    CONFIRMED = "confirmed", _("bid confirmed after an amendment")
    WITHDRAWN = "withdrawn", _("bid withdrawn")


class AwardStatus(models.TextChoices):
    PENDING = "pending", _("intention to award (standstill)")
    FINAL = "final", _("final")


class ComplaintSubject(models.TextChoices):
    TERMS = "terms", _("the terms of the tender")
    EVALUATION = "evaluation", _("the evaluation and the award")


class ComplaintDecision(models.TextChoices):
    """The review commission's decision."""

    UPHELD = "upheld", _("upheld")
    PARTLY_UPHELD = "partly_upheld", _("partly upheld")
    REJECTED = "rejected", _("rejected")


# Decisions that find the complaint (at least partly) founded.
UPHOLDING = (ComplaintDecision.UPHELD, ComplaintDecision.PARTLY_UPHELD)


class ComplaintEffect(models.TextChoices):
    """What an upheld complaint does to the tender."""

    NONE = "none", _("no effect on the procedure")
    SUSPEND = "suspend", _("suspend the tender until the terms are corrected")
    REEVALUATE = "reevaluate", _("annul the award and order a new evaluation")
    CANCEL = "cancel", _("cancel the tender")


class ContractStatus(models.TextChoices):
    """Derived from the contract's dates (Contract.current_state), not stored."""

    SIGNED = "signed", pgettext_lazy("contract status", "signed")
    COMPLETED = "completed", pgettext_lazy("contract status", "completed")
