"""Certification programmes: what a candidate must complete, and for how long
the certificate is valid."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attendance import Participant
from .trainings import Training

DEFAULT_VALIDITY_MONTHS = 24


class CertificationProgrammeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class CertificationProgramme(models.Model):
    """What a candidate must complete to be certified, and for how long the
    certificate is valid."""

    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    required_trainings = models.ManyToManyField(
        Training,
        related_name="programmes",
        verbose_name=_("required trainings"),
        help_text=_("A candidate must complete every one of them."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity, months"), default=DEFAULT_VALIDITY_MONTHS
    )
    is_active = models.BooleanField(
        _("open for certification"),
        default=True,
        help_text=_("Certificates already issued stay valid when it is closed."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CertificationProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification programme")
        verbose_name_plural = _("certification programmes")
        ordering = ["name_ky", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__gt=0),
                name="programme_validity_positive",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("trainings:programme-detail", args=[self.pk])

    def unmet_trainings(self, consultants) -> dict[int, list[Training]]:
        """For each consultant id, the required trainings not completed yet
        (an empty list: the programme is met). Three queries for any number."""
        required = list(self.required_trainings.all())
        ids = [c.pk for c in consultants]
        completed: dict[int, set[int]] = {pk: set() for pk in ids}
        participations = (
            Participant.objects.filter(consultant_id__in=ids, training__in=required)
            .select_related("training")
            .with_attendance()
        )
        for participation in participations:
            if participation.completed:
                completed[participation.consultant_id].add(participation.training_id)
        return {pk: [t for t in required if t.pk not in completed[pk]] for pk in ids}

    def expiry_for(self, issued_on: date) -> date:
        """The last day of validity: the day before the anniversary."""
        return issued_on + relativedelta(months=self.validity_months) - timedelta(1)
