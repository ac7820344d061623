"""The award with its standstill period."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bids import Bid
from .choices import (
    MONEY,
    AwardStatus,
)
from .pipeline import SYSTEM, Move, Pipeline
from .tenders import Tender


class Award(Pipeline, models.Model):
    """The award of a tender to one bid; one award per tender (database rule).
    An award annulled after an upheld complaint is deleted; the complaint's
    decision (public) records why."""

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
        if self.tender.complaints.filter(answered_at=None).exists():
            return _("Every complaint must be decided first.")
        return None

    def finalize(self, *, now) -> None:
        """Pending → final, once the standstill period is over and every
        complaint is decided by the review commission. The tender follows
        (Tender.finalize_award)."""
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
