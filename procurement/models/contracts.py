"""The signed contract, its milestones and the consultant's rating."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .awards import Award
from .choices import (
    MONEY,
)
from .tenders import Tender


class Contract(models.Model):
    """The signed contract with the awarded consultant, and its completion."""

    tender = models.OneToOneField(
        Tender, on_delete=models.PROTECT, related_name="contract"
    )
    award = models.OneToOneField(
        Award, on_delete=models.PROTECT, related_name="contract"
    )
    number = models.CharField(_("contract number"), max_length=60, blank=True)
    amount = models.DecimalField(_("amount, KGS"), **MONEY)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("work starts"))
    ends_on = models.DateField(_("work ends"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment on the work"), blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="contract_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="contract_period_order",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="contract_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(rating__isnull=False),
                name="contract_completed_is_rated",
            ),
        ]

    def __str__(self):
        return self.number or _("Contract %(number)s") % {"number": self.pk}


class Milestone(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("payment, KGS"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title
