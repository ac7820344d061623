"""Participants and attendance.

A participant completes a training when the days attended (within the
training's dates) reach the training's rule; completion is computed from the
attendance rows, never stored, so that correcting a sheet or the training's
dates can never leave a stale flag behind.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant

from .trainings import Training, regions_of


class ParticipantQuerySet(models.QuerySet):
    def with_attendance(self):
        """Annotate days_attended: attendance on days within the training's
        dates (marks left outside after the dates changed do not count)."""
        return self.annotate(
            days_attended=Count(
                "attendances",
                filter=Q(
                    attendances__date__gte=F("training__start_date"),
                    attendances__date__lte=F("training__end_date"),
                ),
                distinct=True,
            )
        )

    def for_sheet(self):
        return (
            self.select_related("consultant", "consultant__home_region", "training")
            .prefetch_related("attendances")
            .with_attendance()
            .order_by("consultant__name_ky", "id")
        )

    def history_of(self, consultant):
        """A consultant's trainings, latest first, with attendance counted."""
        return (
            self.filter(consultant=consultant)
            .select_related("training", "training__region")
            .with_attendance()
            .order_by("-training__start_date", "-id")
        )

    def visible_to(self, user):
        """Academy administrators see every participant; oblast coordinators
        those of their regions or of trainings held there; a consultant their
        own participations; nobody else any."""
        if not user.is_authenticated:
            return self.none()
        if user.is_academy_admin:
            return self
        if user.is_coordinator:
            regions = regions_of(user)
            return self.filter(
                Q(consultant__home_region__in=regions) | Q(training__region__in=regions)
            )
        return self.filter(consultant__user=user)


class Participant(models.Model):
    """A registry consultant taking part in a training; an organization names
    the representative it sends."""

    training = models.ForeignKey(
        Training,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("training"),
    )
    consultant = models.ForeignKey(
        Consultant,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("consultant"),
    )
    representative = models.CharField(
        _("representative"),
        max_length=200,
        blank=True,
        help_text=_("The person an organization sends."),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["training", "consultant__name_ky", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "consultant"], name="participant_once_per_training"
            )
        ]

    def __str__(self):
        return f"{self.consultant} · {self.training}"

    @property
    def attended_dates(self) -> set[date]:
        days = set(self.training.days)
        return {a.date for a in self.attendances.all() if a.date in days}

    @property
    def attended_count(self) -> int:
        annotated = getattr(self, "days_attended", None)
        return annotated if annotated is not None else len(self.attended_dates)

    @property
    def completed(self) -> bool:
        """Enough days attended, and the training is over (Bishkek time):
        nobody completes a training before its last day has passed."""
        return (
            self.training.has_ended and self.attended_count >= self.training.days_needed
        )


class Attendance(models.Model):
    """A participant was present on a day of the training."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("participant"),
    )
    date = models.DateField(_("day"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["participant", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "date"], name="attendance_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.participant_id} @ {self.date}"

    def clean(self):
        training = self.participant.training
        refusal = training.attendance_refusal(
            self.date, name=str(self.participant.consultant)
        )
        if refusal:
            raise ValidationError({"date": refusal})
