"""The award with its standstill period, and the bidders' complaints."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bids import Bid
from .choices import (
    MONEY,
    AwardStatus,
    ComplaintDecision,
)
from .tenders import Tender


class Award(models.Model):
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

    def in_standstill(self, now=None) -> bool:
        return self.status == AwardStatus.PENDING and (
            (now or timezone.now()) < self.standstill_ends_at
        )


class Complaint(models.Model):
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
    def is_open(self) -> bool:
        return self.answered_at is None
