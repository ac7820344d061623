"""The member's rating of the municipality after a direct consultation."""

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.answers import AnsweredOnce

from .requests import ConsultationRequest


class MunicipalityRatingQuerySet(models.QuerySet):
    def figures(self) -> dict:
        return self.aggregate(
            count=Count("id"),
            overall=Avg("overall"),
            clarity=Avg("clarity"),
            payment=Avg("payment"),
        )


def _score(name):
    return models.PositiveSmallIntegerField(name)


class MunicipalityRating(AnsweredOnce):
    """A member's rating of the municipality they worked for after a direct
    consultation: one per request, shown on the municipality's page; the
    municipality's staff may answer it once, in public."""

    request = models.OneToOneField(
        ConsultationRequest,
        on_delete=models.PROTECT,
        related_name="municipality_rating",
        verbose_name=_("request"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("municipality"),
    )
    consultant = models.ForeignKey(
        "consultants.Consultant",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member"),
    )
    overall = _score(_("overall"))
    clarity = _score(_("clarity of the task"))
    payment = _score(_("payment on time"))
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("rated by"),
    )
    rated_at = models.DateTimeField(_("rated"), default=timezone.now)
    answer = models.TextField(_("answer of the municipality"), blank=True)

    objects = MunicipalityRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating of a municipality")
        verbose_name_plural = _("ratings of municipalities")
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5)
                & Q(clarity__gte=1, clarity__lte=5)
                & Q(payment__gte=1, payment__lte=5),
                name="municipality_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="municipality_rating_answer_has_text",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "-rated_at"], name="municipality_rating_list"
            )
        ]

    def __str__(self):
        return f"{self.municipality} — {self.overall}/5"
