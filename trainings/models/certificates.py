"""Certificates: issue, suspension, reinstatement, revocation and expiry, with
their history and their numbering."""

import base64
import secrets
from datetime import date

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import MEMBER_STATUSES, Consultant, NetworkStatus
from portal.errors import DomainError

from .programmes import CertificationProgramme
from .trainings import regions_of

CERTIFICATE_NUMBER_PREFIX = "BAZhBA"


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


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
            return self.filter(consultant__home_region__in=regions_of(user))
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
