"""Trainings: the events themselves, where and when they are held."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultants.models import ExpertiseArea
from municipalities.models import Region

# Trainings are held in Kyrgyzstan: their days begin and end in Bishkek, whatever
# time zone the server or a request runs in.
BISHKEK = ZoneInfo("Asia/Bishkek")


def bishkek_today() -> date:
    """Today's date in Bishkek: the day attendance and completion count by."""
    return timezone.localdate(timezone=BISHKEK)


def regions_of(user):
    """The region codes an oblast coordinator follows, as a subquery."""
    return user.coordinated_regions.values("code")


# ----------------------------------------------------------------- trainings
class TrainingQuerySet(models.QuerySet):
    def upcoming(self, today: date | None = None):
        """Trainings not over yet (running ones included), soonest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).order_by("start_date", "id")

    def past(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).order_by("-start_date", "-id")

    def for_region(self, code):
        return self.filter(region_id=code)

    def for_listing(self):
        return (
            self.select_related("region")
            .prefetch_related("expertise_areas")
            .annotate(registry_participant_count=Count("participants"))
        )


class Training(models.Model):
    """A training of the academy or its partners, held in a region or online."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    is_online = models.BooleanField(_("online"), default=False)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("region"),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    organizer = models.CharField(_("organizer"), max_length=300)
    partners = models.TextField(_("partners"), blank=True)
    expertise_areas = models.ManyToManyField(
        ExpertiseArea,
        blank=True,
        related_name="trainings",
        verbose_name=_("expertise areas"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_(
            "Places in all, for registry and other participants. Empty: no limit."
        ),
    )
    external_participant_count = models.PositiveIntegerField(
        _("participants not in the registry"),
        default=0,
        help_text=_("How many people took part who are not registry consultants."),
    )
    required_days = models.PositiveSmallIntegerField(
        _("days needed to complete"),
        null=True,
        blank=True,
        help_text=_("Days of attendance a participant needs. Empty: every day."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="training_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_online=False) | Q(region__isnull=True),
                name="training_online_has_no_region",
            ),
            models.CheckConstraint(
                condition=Q(required_days__isnull=True) | Q(required_days__gt=0),
                name="training_required_days_positive",
            ),
            # no more days needed than the training has: start + (n - 1) <= end
            models.CheckConstraint(
                condition=Q(required_days__isnull=True)
                | Q(
                    end_date__gte=ExpressionWrapper(
                        F("start_date") + (F("required_days") - 1),
                        output_field=models.DateField(),
                    )
                ),
                name="training_required_days_within_dates",
            ),
            # the registry participants are counted by clean() and the services
            models.CheckConstraint(
                condition=Q(capacity__isnull=True)
                | Q(capacity__gte=F("external_participant_count")),
                name="training_capacity_holds_external_participants",
            ),
        ]
        indexes = [models.Index(fields=["end_date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:training-detail", args=[self.pk])

    def clean(self):
        """The training's rules with a message for each field; the database
        holds the same rules as constraints (Meta.constraints)."""
        errors = {}
        dated = self.start_date is not None and self.end_date is not None
        if dated and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first.")
        elif dated and self.required_days and self.required_days > self.day_count:
            errors["required_days"] = _("The training does not have that many days.")
        if self.is_online and self.region_id:
            errors["region"] = _("An online training has no region.")
        if self.capacity is not None:
            registry = self.participants.count() if self.pk else 0
            left = self.places_left(registry_count=registry)
            if left < 0:
                errors["capacity"] = _("%(taken)s people already take part.") % {
                    "taken": self.capacity - left
                }
        if errors:
            raise ValidationError(errors)

    @property
    def days(self) -> list[date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(count)]

    @property
    def day_count(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def days_needed(self) -> int:
        """The completion rule: the days set, or all of them."""
        return min(self.required_days or self.day_count, self.day_count)

    @property
    def participant_total(self) -> int:
        registry = getattr(self, "registry_participant_count", None)
        if registry is None:
            registry = self.participants.count()
        return registry + self.external_participant_count

    # -- the calendar rules of attendance and completion (their one home) --
    def day_has_begun(self, day: date, today: date | None = None) -> bool:
        """Attendance can be recorded for a day once it has begun in Bishkek."""
        return day <= (today or bishkek_today())

    def begun_days(self, today: date | None = None) -> list[date]:
        """The training's days for which attendance can be recorded now."""
        today = today or bishkek_today()
        return [day for day in self.days if self.day_has_begun(day, today)]

    def has_ended_on(self, today: date | None = None) -> bool:
        """The last day is over in Bishkek: only then can anyone complete
        the training (and be certified for it)."""
        return self.end_date < (today or bishkek_today())

    @property
    def has_ended(self) -> bool:
        return self.has_ended_on()

    def attendance_refusal(
        self, day: date, *, name: str = "", today: date | None = None
    ) -> str | None:
        """Why attendance on `day` cannot be recorded (for the participant
        named), or None when it can."""
        if not self.start_date <= day <= self.end_date:
            return gettext("The sheet marks a day outside the training's dates.")
        if not self.day_has_begun(day, today):
            return gettext(
                "%(name)s: attendance on %(day)s cannot be recorded before that "
                "day has begun."
            ) % {"name": name or gettext("a participant"), "day": date_format(day)}
        return None

    def not_ended_refusal(self) -> str:
        """What certification says while the training has not ended."""
        return gettext(
            "The training “%(training)s” ends on %(day)s: its participants can "
            "complete it and be certified only after that day."
        ) % {"training": self.title, "day": date_format(self.end_date)}

    @property
    def place(self) -> str:
        if self.is_online:
            return str(_("online"))
        parts = [str(part) for part in (self.region, self.venue) if part]
        return ", ".join(parts)

    def places_left(self, registry_count: int | None = None) -> int | None:
        if self.capacity is None:
            return None
        if registry_count is None:
            registry_count = self.participants.count()
        return self.capacity - registry_count - self.external_participant_count
