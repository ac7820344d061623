"""Technical evaluation: the criteria of a tender and the committee's scores."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .bids import Bid
from .tenders import Tender


class EvaluationCriterion(models.Model):
    """A technical evaluation criterion; weights of a tender add up to 100."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=300)
    weight = models.PositiveSmallIntegerField(
        _("weight, %"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="criterion_weight_percent",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class TechnicalScore(models.Model):
    """The committee's score of one bid on one criterion (0–100)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("technical score")
        verbose_name_plural = _("technical scores")
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion"], name="score_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="score_range"
            ),
        ]

    def __str__(self):
        return f"{self.bid_id}/{self.criterion_id}: {self.score}"
