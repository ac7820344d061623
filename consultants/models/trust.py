"""What tells a municipality whether to trust a member and whether to ask them
now: ratings of completed work (contracts won in tenders and direct
consultations), each answerable once in public by the rated member, and the
member's availability.

The figures shown in the list and used for sorting (rating average and count,
completed contracts) are kept on the consultant's row by
``ConsultantRating.refresh_figures`` — one UPDATE with the aggregates, run by
the service that records a rating — so that sorting by them is an index scan,
not an aggregate over every rating."""

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from portal.answers import AnsweredOnce


def full_years_since(day, today) -> int | None:
    """Whole years from `day` to `today` (None without a day)."""
    if day is None:
        return None
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


class Availability(models.TextChoices):
    AVAILABLE = "available", _("available for work")
    BUSY = "busy", _("busy until a date")
    NOT_TAKING = "not_taking", _("not taking work")


class RatedWork(models.TextChoices):
    """What was rated: the contract of a tender, or a direct consultation."""

    CONTRACT = "contract", _("contract after a tender")
    CONSULTATION = "consultation", _("direct consultation")


class ConsultantRatingQuerySet(models.QuerySet):
    def for_profile(self, consultant):
        """A member's ratings for their profile, latest first."""
        return (
            self.filter(consultant=consultant)
            .select_related("consultant", "municipality")
            .order_by("-rated_at", "-id")
        )


class ConsultantRating(AnsweredOnce):
    """A municipality's rating (1–5 and a comment) of one completed piece of
    work by a member, shown on the member's profile; the member may answer it
    once, in public."""

    consultant = models.ForeignKey(
        "consultants.Consultant",
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("consultant"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="consultant_ratings",
        verbose_name=_("municipality"),
    )
    work = models.CharField(_("rated work"), max_length=16, choices=RatedWork.choices)
    # the contract's or the consultation request's id (one rating per work)
    work_id = models.PositiveBigIntegerField(_("work"))
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment on the work"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rated by"),
    )
    rated_at = models.DateTimeField(_("rated"), default=timezone.now)
    answer = models.TextField(_("answer of the member"), blank=True)

    objects = ConsultantRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating of a consultant")
        verbose_name_plural = _("ratings of consultants")
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "work_id"], name="consultant_rating_one_per_work"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="consultant_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="consultant_rating_answer_has_text",
            ),
        ]
        indexes = [models.Index(fields=["consultant", "-rated_at"])]

    def __str__(self):
        return f"{self.consultant} — {self.rating}/5"

    @classmethod
    def refresh_figures(cls, consultant_id: int) -> None:
        """Write the member's rating average and count and the number of
        completed contracts on their row, from the ratings (one UPDATE)."""
        from .consultants import Consultant

        figures = cls.objects.filter(consultant_id=consultant_id).aggregate(
            count=Count("id"),
            average=Avg("rating"),
            contracts=Count("id", filter=Q(work=RatedWork.CONTRACT)),
        )
        Consultant.objects.filter(pk=consultant_id).update(
            rating_count=figures["count"],
            rating_average=figures["average"],
            completed_contracts=figures["contracts"],
        )
        pagecache.changed()  # an UPDATE: no signal tells the page cache
