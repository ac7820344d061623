"""Complaints to the independent review commission: about the terms of a
tender (before the submission deadline) or about its evaluation (during the
standstill). The municipality answers; the commission, never the
municipality, decides, and its decision may suspend the tender, annul the
award for a new evaluation, or cancel the tender. Decisions are public."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.errors import DomainError

from .bids import Bid
from .choices import (
    UPHOLDING,
    ComplaintDecision,
    ComplaintEffect,
    ComplaintSubject,
)
from .pipeline import REVIEWER, STAFF, Move, Pipeline
from .tenders import Tender

# The states before a decision (the decided states are ComplaintDecision's).
FILED = "filed"
EXPLAINED = "explained"

# Which effects a decision may have on the tender, by the complaint's subject.
EFFECTS = {
    ComplaintSubject.TERMS: (
        ComplaintEffect.NONE,
        ComplaintEffect.SUSPEND,
        ComplaintEffect.CANCEL,
    ),
    ComplaintSubject.EVALUATION: (
        ComplaintEffect.NONE,
        ComplaintEffect.REEVALUATE,
        ComplaintEffect.CANCEL,
    ),
}
# The tender's move each effect makes (TENDER_TRANSITIONS).
EFFECT_MOVES = {
    ComplaintEffect.SUSPEND: "suspend",
    ComplaintEffect.REEVALUATE: "reconsider",
    ComplaintEffect.CANCEL: "cancel",
}


class ComplaintQuerySet(models.QuerySet):
    def awaiting_decision(self):
        """Complaints the commission has not decided yet, oldest first, with
        what its page shows (one query whatever the page size)."""
        return (
            self.filter(answered_at__isnull=True)
            .select_related(
                "tender__municipality__region", "consultant", "bid", "explained_by"
            )
            .order_by("filed_at", "id")
        )

    def decided(self):
        return self.filter(answered_at__isnull=False)


class Complaint(Pipeline, models.Model):
    """A member's complaint about a tender, decided by the review commission.
    A complaint about the terms has no bid; one about the evaluation is the
    bid's."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="complaints"
    )
    subject = models.CharField(
        _("subject"),
        max_length=16,
        choices=ComplaintSubject.choices,
        default=ComplaintSubject.EVALUATION,
    )
    consultant = models.ForeignKey(
        Consultant,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("complainant"),
    )
    bid = models.ForeignKey(
        Bid,
        on_delete=models.CASCADE,
        related_name="complaints",
        null=True,
        blank=True,
    )
    text = models.TextField(_("complaint"), max_length=8000)
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    explanation = models.TextField(
        _("the municipality's explanation"), max_length=8000, blank=True
    )
    explained_at = models.DateTimeField(_("explained"), null=True, blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=ComplaintDecision.choices, blank=True
    )
    effect = models.CharField(
        _("effect on the tender"),
        max_length=16,
        choices=ComplaintEffect.choices,
        blank=True,
    )
    # the commission's reasons, when and by whom it decided
    answer = models.TextField(_("reasons for the decision"), blank=True)
    answered_at = models.DateTimeField(_("decided"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["filed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | (~Q(answer="") & ~Q(decision="") & ~Q(effect="")),
                name="complaint_decision_complete",
            ),
            models.CheckConstraint(
                condition=Q(subject=ComplaintSubject.TERMS, bid__isnull=True)
                | Q(subject=ComplaintSubject.EVALUATION, bid__isnull=False),
                name="complaint_bid_only_about_evaluation",
            ),
            models.CheckConstraint(
                condition=Q(explained_at__isnull=True) | ~Q(explanation=""),
                name="complaint_explanation_complete",
            ),
            models.CheckConstraint(
                condition=Q(effect__in=["", ComplaintEffect.NONE])
                | Q(decision__in=UPHOLDING),
                name="complaint_effect_only_when_upheld",
            ),
        ]
        indexes = [
            models.Index(
                fields=["filed_at", "id"],
                condition=Q(answered_at__isnull=True),
                name="complaint_awaiting_decision",
            ),
            models.Index(fields=["-filed_at", "-id"], name="complaint_newest_first"),
            models.Index(
                fields=["-answered_at", "-id"],
                condition=Q(answered_at__isnull=False),
                name="complaint_recent_decisions",
            ),
        ]

    def __str__(self):
        return _("Complaint %(number)s") % {"number": self.pk}

    @property
    def is_upheld(self) -> bool:
        """Upheld or partly upheld."""
        return self.decision in UPHOLDING

    @property
    def is_decided(self) -> bool:
        return self.answered_at is not None

    @property
    def answer_due(self):
        """Until when the municipality answers before the commission may
        decide without its explanation."""
        return self.filed_at + timedelta(
            days=settings.PROCUREMENT_COMPLAINT_ANSWER_DAYS
        )

    # ------------------------------------------------------------- rules
    @staticmethod
    def filing_problem(*, tender, consultant, subject, bid=None, now=None):
        """Why this consultant may not file this complaint now, or None.
        About the terms: a member who may bid, before the submission deadline.
        About the evaluation: the bidder of a valid bid, during the standstill
        (Bid.complaint_problem)."""
        if subject == ComplaintSubject.TERMS:
            if not tender.accepts_bids(now):
                return _(
                    "Complaints about the terms are accepted only while the tender "
                    "accepts bids, before the submission deadline."
                )
            return tender.eligibility_problem(consultant)
        if subject == ComplaintSubject.EVALUATION:
            if bid is None or bid.consultant_id != consultant.pk:
                return _("Only a bidder can complain.")
            return bid.complaint_problem(now)
        return _("Choose what the complaint is about.")

    def effect_problem(self, decision: str, effect: str):
        """Why the decision cannot have this effect on the tender, or None."""
        if decision not in ComplaintDecision.values:
            return _("Choose the decision.")
        if decision not in UPHOLDING:
            if effect != ComplaintEffect.NONE:
                return _("A rejected complaint has no effect on the tender.")
            return None
        if effect not in EFFECTS[self.subject]:
            return _("This effect does not apply to a complaint about %(subject)s.") % {
                "subject": self.get_subject_display()
            }
        move = EFFECT_MOVES.get(effect)
        if move and not self.tender.can(move):
            return {
                ComplaintEffect.SUSPEND: _(
                    "Only a tender accepting bids can be suspended."
                ),
                ComplaintEffect.REEVALUATE: _(
                    "The award is no longer pending: a new evaluation cannot be "
                    "ordered."
                ),
                ComplaintEffect.CANCEL: _(
                    "A tender cannot be cancelled once the contract is signed."
                ),
            }[effect]
        return None

    # ----------------------------------------------------------- transitions
    # The decided states are the decision; before it, filed or explained.
    state_field = "decision"

    def current_state(self, now=None) -> str:
        if self.decision:
            return self.decision
        return EXPLAINED if self.explained_at else FILED

    def roles_of(self, user, now=None) -> set:
        if getattr(user, "is_review_body", False):
            return {REVIEWER}
        return {STAFF} if self.tender.is_managed_by(user) else set()

    def _ready_for_decision(self, now=None):
        if self.explained_at is None and (now or timezone.now()) < self.answer_due:
            return _(
                "The municipality may answer until %(date)s: decide after its "
                "answer or after that date."
            ) % {"date": timezone.localtime(self.answer_due).strftime("%Y-%m-%d %H:%M")}
        return None

    def explain(self, *, explanation: str, by, now=None) -> None:
        """Filed → explained: the municipality's answer, which the commission
        and the complainant read."""
        self.ensure_allowed("explain", now)
        if not (explanation or "").strip():
            raise DomainError(_("Write the municipality's explanation."))
        self.explanation = explanation.strip()
        self.explained_at = now or timezone.now()
        self.explained_by = by
        self.save(update_fields=["explanation", "explained_at", "explained_by"])

    def decide(self, *, decision: str, reasons: str, effect: str, by, now=None):
        """Filed or explained → upheld, partly upheld or rejected, with the
        commission's reasons and the effect on the tender. What the effect
        does to the tender is the service's (complaint_decide)."""
        if decision not in ComplaintDecision.values:
            raise DomainError(_("Choose the decision."))
        name = _DECISION_MOVES[decision]
        self.ensure_allowed(name, now)
        problem = self.effect_problem(decision, effect)
        if problem:
            raise DomainError(problem)
        if not (reasons or "").strip():
            raise DomainError(_("Give the reasons for the decision."))
        self._apply(name, now)
        self.effect = effect
        self.answer = reasons.strip()
        self.answered_at = now or timezone.now()
        self.answered_by = by
        self.save()


_decided = _("This complaint has already been decided.")

# The complaint's pipeline: the municipality explains (once, before the
# decision); the review commission decides once.
COMPLAINT_TRANSITIONS = {
    "explain": Move(
        frozenset({FILED}),
        EXPLAINED,
        STAFF,
        _("The municipality has already answered this complaint."),
    ),
    "uphold": Move(
        frozenset({FILED, EXPLAINED}),
        ComplaintDecision.UPHELD,
        REVIEWER,
        _decided,
        guard="_ready_for_decision",
    ),
    "partly_uphold": Move(
        frozenset({FILED, EXPLAINED}),
        ComplaintDecision.PARTLY_UPHELD,
        REVIEWER,
        _decided,
        guard="_ready_for_decision",
    ),
    "reject": Move(
        frozenset({FILED, EXPLAINED}),
        ComplaintDecision.REJECTED,
        REVIEWER,
        _decided,
        guard="_ready_for_decision",
    ),
}
_DECISION_MOVES = {
    move.target: name
    for name, move in COMPLAINT_TRANSITIONS.items()
    if move.by == REVIEWER
}
DECISION_MOVES = frozenset(_DECISION_MOVES.values())
Complaint.transitions = COMPLAINT_TRANSITIONS
