from typing import NamedTuple

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Role
from portal.errors import DomainError

from ..phones import PhoneField
from .geography import Municipality, Region


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")
    REMOVED = "removed", _("removed")


class RoleAction(models.TextChoices):
    STAFF_REQUESTED = "staff_requested", _("asked to join as municipal staff")
    STAFF_CONFIRMED = "staff_confirmed", _("confirmed as municipal staff")
    STAFF_DECLINED = "staff_declined", _("request as municipal staff declined")
    STAFF_REMOVED = "staff_removed", _("removed from municipal staff")
    COORDINATOR_APPOINTED = "coordinator_appointed", _("appointed oblast coordinator")
    COORDINATOR_REMOVED = "coordinator_removed", _("removed as oblast coordinator")
    REVIEWER_APPOINTED = (
        "reviewer_appointed",
        _("appointed to the complaint review commission"),
    )
    REVIEWER_REMOVED = (
        "reviewer_removed",
        _("removed from the complaint review commission"),
    )


class MembershipMove(NamedTuple):
    sources: frozenset
    target: str
    action: str
    refusal: str
    needs_reason: bool = False


# Every allowed move of a staff membership, in one place.
MEMBERSHIP_TRANSITIONS = {
    "request": MembershipMove(
        # while pending, asking again changes the request
        frozenset(
            {
                MembershipStatus.PENDING,
                MembershipStatus.DECLINED,
                MembershipStatus.REMOVED,
            }
        ),
        MembershipStatus.PENDING,
        RoleAction.STAFF_REQUESTED,
        _("You are already confirmed as staff of a municipality."),
    ),
    "confirm": MembershipMove(
        frozenset({MembershipStatus.PENDING}),
        MembershipStatus.CONFIRMED,
        RoleAction.STAFF_CONFIRMED,
        _("Only a request waiting for confirmation can be confirmed."),
    ),
    "decline": MembershipMove(
        frozenset({MembershipStatus.PENDING}),
        MembershipStatus.DECLINED,
        RoleAction.STAFF_DECLINED,
        _("Only a request waiting for confirmation can be declined."),
        needs_reason=True,
    ),
    "remove": MembershipMove(
        frozenset({MembershipStatus.CONFIRMED}),
        MembershipStatus.REMOVED,
        RoleAction.STAFF_REMOVED,
        _("Only a confirmed staff member can be removed."),
        needs_reason=True,
    ),
}


class StaffMembershipQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=MembershipStatus.CONFIRMED)

    def pending(self):
        return self.filter(status=MembershipStatus.PENDING)

    def for_region(self, code):
        return self.filter(municipality__region_id=code)

    def decidable_by(self, user):
        """Requests waiting for this user's decision: all of them for the
        academy, those of their regions for a coordinator, those of their own
        municipality for its confirmed staff (never their own)."""
        qs = self.pending()
        if not (user.is_authenticated and user.is_active):
            return qs.none()
        if user.is_academy_admin:
            return qs
        if user.is_coordinator:
            return qs.filter(
                municipality__region__in=user.coordinated_regions.all()
            ).exclude(user=user)
        if user.is_municipal_staff:
            colleagues = StaffMembership.objects.confirmed().filter(
                user_id=user.pk, municipality_id=models.OuterRef("municipality_id")
            )
            return qs.filter(models.Exists(colleagues)).exclude(user=user)
        return qs.none()

    def visible_to(self, user):
        """Requests and staff a user may list: all for the academy, those of
        their regions for a coordinator, their own municipality's for its
        confirmed staff, their own for anyone."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_academy_admin:
            return self
        mine = Q(user_id=user.pk)
        if user.is_coordinator:
            return self.filter(
                mine | Q(municipality__region__in=user.coordinated_regions.all())
            )
        if user.is_municipal_staff:
            colleagues = StaffMembership.objects.confirmed().filter(
                user_id=user.pk, municipality_id=models.OuterRef("municipality_id")
            )
            return self.filter(mine | Q(models.Exists(colleagues)))
        return self.filter(mine)

    def for_listing(self):
        return self.select_related(
            "user", "municipality__region", "municipality__district", "decided_by"
        )


class StaffMembership(models.Model):
    """Links a municipal staff account to the municipality it works for.

    Staff rights come only with a confirmed membership (the account's role
    follows it); a request waits until a confirmed colleague, the region's
    coordinator or the academy confirms it. Each decision is kept in
    RoleChange."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_membership",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("municipality"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    work_phone = PhoneField(_("work phone"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = StaffMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipal staff member")
        verbose_name_plural = _("municipal staff")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["status", "-requested_at"]),
        ]

    def __str__(self):
        return f"{self.user} — {self.municipality}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == MembershipStatus.CONFIRMED

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipStatus.PENDING

    @transaction.atomic
    def transition(self, name: str, *, by, reason: str = "") -> "RoleChange":
        """Make the move `name` of MEMBERSHIP_TRANSITIONS, bring the account's
        role in line (staff rights only while confirmed, at once) and keep the
        decision with who, when and why. Refused with DomainError unless the
        current status is one of the move's sources."""
        move = MEMBERSHIP_TRANSITIONS[name]
        if self.status not in move.sources:
            raise DomainError(move.refusal)
        reason = (reason or "").strip()
        if move.needs_reason and not reason:
            raise DomainError(_("Give the reason."))
        now = timezone.now()
        self.status = move.target
        if name == "request":
            self.requested_at = now
            self.decided_at = self.decided_by = None
        else:
            self.decided_at = now
            self.decided_by = by
        self.save()
        user = self.user
        if move.target == MembershipStatus.CONFIRMED:
            user.role = Role.MUNICIPAL_STAFF
        elif user.role == Role.MUNICIPAL_STAFF:
            user.role = ""
        user.save(update_fields=["role", "is_staff"])
        return RoleChange.objects.create(
            user=user,
            action=move.action,
            municipality=self.municipality,
            reason=reason,
            by=by,
            at=now,
        )


class RoleChange(models.Model):
    """Who gave or took which role, where, when and why. Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_changes",
        verbose_name=_("person"),
    )
    action = models.CharField(_("action"), max_length=32, choices=RoleAction.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
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
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["municipality", "-at"]),
        ]
        constraints = [
            # the complaint review commission is national: no place
            models.CheckConstraint(
                condition=Q(municipality__isnull=False)
                | Q(region__isnull=False)
                | Q(
                    action__in=[
                        RoleAction.REVIEWER_APPOINTED,
                        RoleAction.REVIEWER_REMOVED,
                    ]
                ),
                name="rolechange_names_a_place",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_action_display()}"
