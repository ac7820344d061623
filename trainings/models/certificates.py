"""Certificates: issue, suspension, reinstatement, revocation and expiry, with
their history and their numbering."""

import base64
import re
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import MEMBER_STATUSES, Consultant, NetworkStatus
from portal.errors import DomainError

from .certificate_states import (
    CERTIFICATE_TRANSITIONS,
    CURRENT_STATUSES,
    STATUS_CHANGE_LABELS,
    STATUSES_WITH_REASON,
    CertificateEventAction,
    CertificateMove,
    CertificateStatus,
)
from .programmes import CertificationProgramme
from .trainings import regions_of

CERTIFICATE_NUMBER_PREFIX = "BAZhBA"
# a printed number once spaces, dashes and case are dropped: bazhba202600001
_COMPACT_NUMBER = re.compile(r"bazhba(\d{4})(\d{1,9})")


def compact_reference(typed: str) -> str:
    """What a visitor typed, without spaces, dashes or capitals: codes read
    aloud or typed from paper in groups ("KFBG 7Q2M …") still match."""
    return re.sub(r"[\s\-\u2010-\u2015_.]+", "", typed or "").lower()


def number_from_reference(typed: str) -> str | None:
    """The certificate number a visitor typed (BAZhBA-2026-00001, with any
    spacing, dashes or case), or None when it is not a number."""
    match = _COMPACT_NUMBER.fullmatch(compact_reference(typed))
    if match is None:
        return None
    year, value = match.groups()
    return f"{CERTIFICATE_NUMBER_PREFIX}-{year}-{int(value):05d}"


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


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

    def status_as_of_q(self, statuses, today: date | None = None) -> Q:
        """A filter over consultants: their network status as of today is one
        of `statuses`. The rule of network_status_as_of in SQL, so that a
        list (who may bid on a tender) agrees with the check of one."""
        today = today or timezone.localdate()
        held = self.filter(consultant=models.OuterRef("pk"))
        has_due = models.Exists(held.due_to_expire(today))
        has_active = models.Exists(held.active(today))
        has_suspended = models.Exists(
            held.filter(status=CertificateStatus.SUSPENDED, expires_on__gte=today)
        )
        member = Q(status__in=MEMBER_STATUSES)
        from_dates = {
            NetworkStatus.CERTIFIED: member & has_active,
            NetworkStatus.SUSPENDED: member & ~has_active & has_suspended,
            NetworkStatus.PROVISIONAL: member & ~has_active & ~has_suspended,
        }
        condition = Q(pk__in=[])
        for status in statuses:
            condition |= (~has_due & Q(status=status)) | (
                has_due & from_dates.get(status, Q(pk__in=[]))
            )
        return condition

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

    def verifiable(self, typed: str):
        """The certificate a visitor typed on the verification page: its
        printed number or its public code, whatever the spacing, dashes and
        case."""
        number = number_from_reference(typed)
        if number is not None:
            return self.filter(number=number)
        return self.filter(public_code=compact_reference(typed))

    def for_region(self, code):
        """Certificates of consultants based in the region."""
        return self.filter(consultant__home_region_id=code)

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
                condition=~Q(status__in=list(STATUSES_WITH_REASON))
                | ~Q(status_reason=""),
                name="certificate_suspension_revocation_reason",
            ),
            # one certificate in force (or suspended) per programme and holder
            models.UniqueConstraint(
                fields=["consultant", "programme"],
                condition=Q(status__in=list(CURRENT_STATUSES)),
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

    def verification_reference(self, typed: str) -> str:
        """The address's form of what was typed to find this certificate:
        its number when the number was typed, else its public code."""
        if number_from_reference(typed) == self.number:
            return self.number
        return self.public_code

    @property
    def public_status_change(self):
        """When a suspension or revocation took effect: the public may know
        that date (not the reason)."""
        if self.status in STATUS_CHANGE_LABELS:
            return self.status_changed_at
        return None

    @property
    def public_status_change_label(self) -> str:
        return str(STATUS_CHANGE_LABELS.get(self.status, ""))

    def clean(self):
        """Valid from the day of issue on; the database holds the same rule
        (certificate_expires_after_issue)."""
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError(
                {"expires_on": _("A certificate cannot expire before it is issued.")}
            )

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

    def available_transitions(self, user) -> list[str]:
        """The moves (names in CERTIFICATE_TRANSITIONS) this user may make
        now, for templates and the API: academy administrators suspend,
        reinstate and revoke; nobody else changes a certificate, and expiry is
        the daily task's."""
        if not getattr(user, "is_authenticated", False) or not user.is_academy_admin:
            return []
        today = timezone.localdate()
        return [
            name
            for name, move in CERTIFICATE_TRANSITIONS.items()
            if move.by_person and self._refusal(move, today) is None
        ]

    def suspend(self, *, reason: str, by) -> None:
        """Suspend a certificate in force; the reason is required."""
        self.transition("suspend", by=by, reason=reason)

    def reinstate(self, *, by, reason: str = "") -> None:
        """Lift a suspension. A revocation is final; a certificate whose date
        has passed while suspended cannot come back."""
        self.transition("reinstate", by=by, reason=reason)

    def revoke(self, *, reason: str, by) -> None:
        """Withdraw a certificate for good; the reason is required."""
        self.transition("revoke", by=by, reason=reason)

    def expire(self) -> None:
        """Record that an active certificate's date has passed."""
        self.transition("expire", by=None)

    def transition(self, name: str, *, by, reason: str = "") -> None:
        """Make the move `name` of CERTIFICATE_TRANSITIONS and keep it in the
        history. Refused with DomainError unless the status and the dates
        allow it, and without a reason where the move needs one."""
        move = CERTIFICATE_TRANSITIONS[name]
        refusal = self._refusal(move, timezone.localdate())
        if refusal is not None:
            raise DomainError(refusal)
        reason = (reason or "").strip()
        if move.needs_reason and not reason:
            raise DomainError(_("Give the reason for suspending or revoking."))
        old_status = self.status
        self.status = move.target
        self.status_reason = reason if move.needs_reason else ""
        self.status_changed_at = timezone.now()
        self.save(update_fields=["status", "status_reason", "status_changed_at"])
        self.events.create(
            action=move.action,
            old_status=old_status,
            new_status=self.status,
            reason=reason,
            by=_user_or_none(by),
            at=self.status_changed_at,
        )

    def _refusal(self, move: CertificateMove, today: date) -> str | None:
        """Why the move is not allowed now, or None when it is."""
        if self.status not in move.sources:
            return move.refusal
        lapsed = self.expires_on < today
        if move.in_date is True and lapsed:
            return move.lapsed_refusal or move.refusal
        if move.in_date is False and not lapsed:
            return move.refusal
        return None


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
