"""Trainings, attendance, certification programmes and certificates.

A participant completes a training when the days attended (within the
training's dates) reach the training's rule; completion is computed from the
attendance rows, never stored, so that correcting a sheet or the training's
dates can never leave a stale flag behind.
"""

import base64
import secrets
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import (
    MEMBER_STATUSES,
    Consultant,
    ExpertiseArea,
    NetworkStatus,
)
from municipalities.models import Region
from portal.errors import DomainError

CERTIFICATE_NUMBER_PREFIX = "BAZhBA"
DEFAULT_VALIDITY_MONTHS = 24


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


def _regions_of(user):
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
        ]
        indexes = [models.Index(fields=["end_date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:training-detail", args=[self.pk])

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

    @property
    def is_past(self) -> bool:
        return self.end_date < timezone.localdate()

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
            regions = _regions_of(user)
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
        return self.attended_count >= self.training.days_needed


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


# ------------------------------------------------------------- certification
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


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    EXPIRED = "expired", _("expired")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")


class CertificateQuerySet(models.QuerySet):
    def active(self, today: date | None = None):
        """Certificates in force: active and not past their date (whether or
        not the daily task has caught up yet)."""
        today = today or timezone.localdate()
        return self.filter(status=CertificateStatus.ACTIVE, expires_on__gte=today)

    def network_status_of(self, consultant, today: date | None = None) -> str:
        """The network status a member's certificates give as of today, read
        from the dates: certified while one is in force, suspended while the
        only current one is suspended, otherwise provisional. Applicants,
        declined and withdrawn consultants keep their status."""
        if consultant.status not in MEMBER_STATUSES:
            return consultant.status
        today = today or timezone.localdate()
        held = self.filter(consultant=consultant)
        if held.active(today).exists():
            return NetworkStatus.CERTIFIED
        suspended = held.filter(status=CertificateStatus.SUSPENDED)
        if suspended.filter(expires_on__gte=today).exists():
            return NetworkStatus.SUSPENDED
        return NetworkStatus.PROVISIONAL

    def network_status_as_of(self, consultant, today: date | None = None) -> str:
        """The consultant's network status as of today, read from the dates:
        the stored status, or, when a certificate has passed its date and the
        daily task has not recorded it yet, the status it will then give."""
        today = today or timezone.localdate()
        if not self.due_to_expire(today).filter(consultant=consultant).exists():
            return consultant.status
        return self.network_status_of(consultant, today)

    def due_to_expire(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(status=CertificateStatus.ACTIVE, expires_on__lt=today)

    def expired(self, today: date | None = None):
        """Expired as of today: recorded, or active but past the date."""
        today = today or timezone.localdate()
        return self.filter(
            Q(status=CertificateStatus.EXPIRED)
            | Q(status=CertificateStatus.ACTIVE, expires_on__lt=today)
        )

    def search(self, text: str):
        """By number or by the holder's names, word by word."""
        qs = self
        for word in (text or "").lower().split():
            qs = qs.filter(
                Q(number__icontains=word)
                | Q(consultant__search_document__contains=word)
            )
        return qs

    def for_listing(self):
        return self.select_related(
            "consultant", "consultant__home_region", "programme", "issued_by"
        )

    def of_holder(self, consultant):
        return (
            self.filter(consultant=consultant)
            .select_related("programme")
            .order_by("-issued_on", "-id")
        )

    def visible_to(self, user):
        """Academy administrators see all; oblast coordinators those of their
        regions' consultants; a consultant their own. Anyone else verifies by
        public code only."""
        if not user.is_authenticated:
            return self.none()
        if user.is_academy_admin:
            return self
        if user.is_coordinator:
            return self.filter(consultant__home_region__in=_regions_of(user))
        return self.filter(consultant__user=user)


def new_public_code() -> str:
    """120 random bits, base32 (lower case, no padding): unguessable, and
    still readable aloud or typed from paper."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii").lower()


class CertificateEventAction(models.TextChoices):
    ISSUED = "issued", _("issued")
    SUSPENDED = "suspended", _("suspended")
    REINSTATED = "reinstated", _("reinstated")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")


class Certificate(models.Model):
    """A consultant's certificate under a programme, publicly verifiable by
    its code."""

    consultant = models.ForeignKey(
        Consultant,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    programme = models.ForeignKey(
        CertificationProgramme,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("certification programme"),
    )
    number = models.CharField(_("number"), max_length=32, unique=True)
    public_code = models.CharField(
        _("public code"), max_length=32, unique=True, default=new_public_code
    )
    issued_on = models.DateField(_("issued"))
    expires_on = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ACTIVE,
        db_index=True,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["suspended", "revoked"])
                | ~Q(status_reason=""),
                name="certificate_suspension_revocation_reason",
            ),
            # one certificate in force (or suspended) per programme and holder
            models.UniqueConstraint(
                fields=["consultant", "programme"],
                condition=Q(status__in=["active", "suspended"]),
                name="certificate_one_current_per_programme",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("trainings:certificate-detail", args=[self.pk])

    def get_verification_url(self):
        return reverse("trainings:certificate-verify", args=[self.public_code])

    @property
    def effective_status(self) -> str:
        """The status as of today: an active certificate past its date is
        expired even before the daily task has recorded it."""
        if (
            self.status == CertificateStatus.ACTIVE
            and self.expires_on < timezone.localdate()
        ):
            return CertificateStatus.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return CertificateStatus(self.effective_status).label

    @property
    def is_in_force(self) -> bool:
        return self.effective_status == CertificateStatus.ACTIVE

    @property
    def holder_language(self) -> str:
        user = self.consultant.user
        language = user.preferred_language if user else settings.LANGUAGE_CODE
        codes = [code for code, _name in settings.LANGUAGES]
        return language if language in codes else settings.LANGUAGE_CODE

    def suspend(self, *, reason: str, by) -> None:
        """Suspend a certificate in force; the reason is required."""
        if self.effective_status != CertificateStatus.ACTIVE:
            raise DomainError(_("Only an active certificate can be suspended."))
        self._change(CertificateEventAction.SUSPENDED, by=by, reason=reason)

    def reinstate(self, *, by, reason: str = "") -> None:
        """Lift a suspension. A revocation is final; a certificate whose date
        has passed while suspended cannot come back."""
        if self.status != CertificateStatus.SUSPENDED:
            raise DomainError(_("Only a suspended certificate can be reinstated."))
        if self.expires_on < timezone.localdate():
            raise DomainError(
                _("The certificate's validity has ended; issue a new certificate.")
            )
        self._change(CertificateEventAction.REINSTATED, by=by, reason=reason)

    def revoke(self, *, reason: str, by) -> None:
        """Withdraw a certificate for good; the reason is required."""
        if self.status == CertificateStatus.REVOKED:
            raise DomainError(_("The certificate has already been revoked."))
        self._change(CertificateEventAction.REVOKED, by=by, reason=reason)

    def expire(self) -> None:
        """Record that an active certificate's date has passed."""
        if self.status != CertificateStatus.ACTIVE or (
            self.expires_on >= timezone.localdate()
        ):
            raise DomainError(_("Only an active certificate past its date expires."))
        self._change(CertificateEventAction.EXPIRED, by=None, reason="")

    _NEW_STATUS = {
        CertificateEventAction.SUSPENDED: CertificateStatus.SUSPENDED,
        CertificateEventAction.REINSTATED: CertificateStatus.ACTIVE,
        CertificateEventAction.REVOKED: CertificateStatus.REVOKED,
        CertificateEventAction.EXPIRED: CertificateStatus.EXPIRED,
    }

    def _change(self, action, *, by, reason: str) -> None:
        reason = (reason or "").strip()
        needs_reason = action in (
            CertificateEventAction.SUSPENDED,
            CertificateEventAction.REVOKED,
        )
        if needs_reason and not reason:
            raise DomainError(_("Give the reason for suspending or revoking."))
        old_status = self.status
        self.status = self._NEW_STATUS[action]
        self.status_reason = reason if needs_reason else ""
        self.status_changed_at = timezone.now()
        self.save(update_fields=["status", "status_reason", "status_changed_at"])
        self.events.create(
            action=action,
            old_status=old_status,
            new_status=self.status,
            reason=reason,
            by=_user_or_none(by),
            at=self.status_changed_at,
        )


def next_certificate_number(year: int) -> str:
    """BAZhBA-<year>-<5 digits>, counting per year. One atomic upsert, so two
    administrators certifying at once never get the same number."""
    table = CertificateSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_value) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (year) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [year],
        )
        (value,) = cursor.fetchone()
    return f"{CERTIFICATE_NUMBER_PREFIX}-{year}-{value:05d}"


class CertificateSequence(models.Model):
    """The last certificate number given out in a year."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate number sequence")
        verbose_name_plural = _("certificate number sequences")

    def __str__(self):
        return f"{self.year}: {self.last_value}"


class CertificateEvent(models.Model):
    """History of a certificate: who did what, when and why."""

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("certificate"),
    )
    action = models.CharField(
        _("action"), max_length=16, choices=CertificateEventAction.choices
    )
    old_status = models.CharField(
        _("from"), max_length=16, choices=CertificateStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("to"), max_length=16, choices=CertificateStatus.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate history entry")
        verbose_name_plural = _("certificate history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["certificate", "-at"])]

    def __str__(self):
        return f"{self.certificate_id}: {self.action}"
