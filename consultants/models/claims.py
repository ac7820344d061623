"""Taking over a profile that is already in the registry (the first members,
or anyone the academy entered): by an invitation the academy sends, or by a
claim the person makes and the academy confirms."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProfileInvitation(models.Model):
    """An email inviting a person to take over a profile. The link carries a
    signed token naming this invitation and the profile; it works once, until
    `expires_at`, and only while the profile has no account."""

    consultant = models.ForeignKey(
        "consultants.Consultant",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("consultant"),
    )
    email = models.EmailField(_("email address"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("profile invitation")
        verbose_name_plural = _("profile invitations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["consultant", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_sent",
            ),
        ]

    def __str__(self):
        return f"{self.consultant} → {self.email}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.accepted_at is None
            and now < self.expires_at
            and self.consultant.user_id is None
        )


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the academy")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class ProfileClaim(models.Model):
    """A signed-in person asks to take over a profile; the academy decides."""

    consultant = models.ForeignKey(
        "consultants.Consultant",
        on_delete=models.CASCADE,
        related_name="claims",
        verbose_name=_("consultant"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile_claims",
        verbose_name=_("account"),
    )
    message = models.TextField(_("message to the academy"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ClaimStatus.choices,
        default=ClaimStatus.PENDING,
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("profile claim")
        verbose_name_plural = _("profile claims")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_account",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="claim_declined_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.consultant}"
