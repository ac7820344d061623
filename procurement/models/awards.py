"""The award with its standstill period, and the bidders' complaints."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from .bids import Bid
from .choices import (
    MONEY,
    AwardStatus,
    ComplaintDecision,
)
from .pipeline import STAFF, SYSTEM, Move, Pipeline
from .tenders import Tender


class Award(Pipeline, models.Model):
    """The award of a tender to one bid; one award per tender (database rule).
    An award annulled after an upheld complaint is deleted and logged in the
    complaint's answer."""

    tender = models.OneToOneField(
        Tender, on_delete=models.PROTECT, related_name="award"
    )
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    amount = models.DecimalField(_("amount, KGS"), **MONEY)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AwardStatus.choices,
        default=AwardStatus.PENDING,
    )
    notified_at = models.DateTimeField(_("notice of intention to award"))
    standstill_ends_at = models.DateTimeField(_("standstill period ends"))
    final_at = models.DateTimeField(_("final"), null=True, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="award_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(standstill_ends_at__gt=models.F("notified_at")),
                name="award_standstill_after_notice",
            ),
        ]
        indexes = [models.Index(fields=["status", "standstill_ends_at"])]

    def __str__(self):
        return f"{self.tender} → {self.bid.consultant}"

    @property
    def is_pending(self) -> bool:
        """The notice of intention to award, not yet final."""
        return self.status == AwardStatus.PENDING

    def in_standstill(self, now=None) -> bool:
        return self.is_pending and (now or timezone.now()) < self.standstill_ends_at

    # ----------------------------------------------------------- transitions
    # Every move of an award is the portal's (roles_of: nobody), so
    # available_transitions is empty for every user.
    def _standstill_over(self, now=None):
        if (now or timezone.now()) < self.standstill_ends_at:
            return _("The standstill period has not ended yet.")
        if Complaint.objects.filter(
            tender_id=self.tender_id, answered_at=None
        ).exists():
            return _("Every complaint must be answered first.")
        return None

    def finalize(self, *, now) -> None:
        """Pending → final, once the standstill period is over and every
        complaint is answered. The tender follows (Tender.finalize_award)."""
        self._apply("finalize", now)
        self.final_at = now
        self.save(update_fields=["status", "final_at"])


AWARD_TRANSITIONS = {
    "finalize": Move(
        frozenset({AwardStatus.PENDING}),
        AwardStatus.FINAL,
        SYSTEM,
        _("Only a pending award can become final."),
        guard="_standstill_over",
    ),
}
Award.transitions = AWARD_TRANSITIONS


class Complaint(Pipeline, models.Model):
    """A bidder's complaint during the standstill period."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="complaints"
    )
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="complaints")
    text = models.TextField(_("complaint"), max_length=8000)
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=16, choices=ComplaintDecision.choices, blank=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["filed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | (~Q(answer="") & ~Q(decision="")),
                name="complaint_answer_complete",
            )
        ]

    def __str__(self):
        return _("Complaint %(number)s") % {"number": self.pk}

    @property
    def is_upheld(self) -> bool:
        return self.decision == ComplaintDecision.UPHELD

    # ----------------------------------------------------------- transitions
    # The state is the decision: "" while the complaint is open.
    state_field = "decision"

    def roles_of(self, user, now=None) -> set:
        return {STAFF} if self.tender.is_managed_by(user) else set()

    def decide(self, *, decision: str, answer: str, by, now=None) -> None:
        """Open → rejected or upheld, with the municipality's answer, which
        the bidder reads. What an upheld complaint does to the award and the
        tender is the service's (complaint_answer)."""
        name = _DECISION_MOVES.get(decision, "reject")
        self.ensure_allowed(name)
        if decision not in ComplaintDecision.values:
            raise DomainError(_("Choose the decision."))
        if not (answer or "").strip():
            raise DomainError(_("Write the answer."))
        self._apply(name)
        self.answer = answer.strip()
        self.answered_at = now or timezone.now()
        self.answered_by = by
        self.save()


_answered = _("This complaint has already been answered.")

# The complaint's pipeline: the municipality decides once.
COMPLAINT_TRANSITIONS = {
    "reject": Move(frozenset({""}), ComplaintDecision.REJECTED, STAFF, _answered),
    "uphold": Move(frozenset({""}), ComplaintDecision.UPHELD, STAFF, _answered),
}
_DECISION_MOVES = {move.target: name for name, move in COMPLAINT_TRANSITIONS.items()}
Complaint.transitions = COMPLAINT_TRANSITIONS
