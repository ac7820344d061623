"""Roles of the portal given and taken without the Django admin: municipal
staff ask to join their municipality and are confirmed (or declined, or
removed); the academy appoints and removes oblast coordinators. Every
decision is kept in RoleChange; the account's role changes in the same
transaction, so rights follow at once (each request reads the role anew)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.errors import DomainError
from portal.outbox.handlers import handles
from portal.outbox.models import Event

from . import access
from .models import (
    MembershipStatus,
    Municipality,
    Region,
    RoleAction,
    RoleChange,
    StaffMembership,
)

REQUESTED = "municipalities.staff_requested"
DECIDED = "municipalities.staff_decided"
ACTIVE_MEMBERSHIP = (MembershipStatus.PENDING, MembershipStatus.CONFIRMED)


@transaction.atomic
def staff_request(
    *, user: User, municipality: Municipality, position: str, work_phone: str
) -> StaffMembership:
    """The user asks to join a municipality as staff (or changes the request
    while it waits, or asks again after a refusal). No rights until someone
    entitled confirms it."""
    if not access.can_request_membership(user):
        raise DomainError(
            _("Your account already has another role on the portal: %(role)s.")
            % {"role": user.get_role_display()}
        )
    if municipality.is_retired:
        raise DomainError(
            _("This municipality was retired from the register; choose the one "
              "that succeeded it.")
        )  # fmt: skip
    membership = (
        StaffMembership.objects.select_for_update().filter(user_id=user.pk).first()
    )
    if membership is None:
        membership = StaffMembership.objects.create(
            user=user,
            municipality=municipality,
            position=position,
            work_phone=work_phone,
            status=MembershipStatus.PENDING,
        )
        RoleChange.objects.create(
            user=user,
            action=RoleAction.STAFF_REQUESTED,
            municipality=municipality,
            by=user,
            at=membership.requested_at,
        )
    else:
        membership.municipality = municipality
        membership.position = position
        membership.work_phone = work_phone
        membership.transition("request", by=user)
    Event.emit(
        REQUESTED,
        {"membership_id": membership.pk},
        region_code=municipality.region_id,
    )
    return membership


@transaction.atomic
def staff_decide(
    *, membership: StaffMembership, decision: str, by: User, reason: str = ""
) -> RoleChange:
    """Confirm, decline or remove, if `by` may (PermissionDenied otherwise)
    and the membership's state allows it (DomainError otherwise). The
    requester hears of it by email."""
    membership = (
        StaffMembership.objects.select_for_update()
        .select_related("user", "municipality")
        .get(pk=membership.pk)
    )
    entitled = {
        "confirm": access.can_confirm_staff,
        "decline": access.can_confirm_staff,
        "remove": access.can_remove_staff,
    }.get(decision)
    if entitled is None or not entitled(by, membership):
        raise PermissionDenied
    change = membership.transition(decision, by=by, reason=reason)
    Event.emit(
        DECIDED,
        {"membership_id": membership.pk, "change_id": change.pk},
        region_code=membership.municipality.region_id,
    )
    return change


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."))
    return reason


@transaction.atomic
def coordinator_appoint(*, region: Region, user: User, by: User, reason: str) -> None:
    """The academy makes a person the oblast coordinator of a region (a
    person may coordinate several). Only an account without another role."""
    if not access.can_manage_roles(by):
        raise PermissionDenied
    reason = _check_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError(_("This account is deactivated."))
    if user.role not in ("", Role.COORDINATOR) or user.is_superuser:
        raise DomainError(
            _("%(person)s already has another role on the portal: %(role)s.")
            % {"person": user, "role": user.get_role_display() or _("administrator")}
        )
    if StaffMembership.objects.filter(
        user_id=user.pk, status__in=ACTIVE_MEMBERSHIP
    ).exists():
        raise DomainError(
            _("%(person)s has asked to join a municipality as staff.")
            % {"person": user}
        )
    if region.coordinators.filter(pk=user.pk).exists():
        raise DomainError(
            _("%(person)s already coordinates %(region)s.")
            % {"person": user, "region": region}
        )
    user.role = Role.COORDINATOR
    user.save(update_fields=["role", "is_staff"])
    region.coordinators.add(user)
    RoleChange.objects.create(
        user=user,
        action=RoleAction.COORDINATOR_APPOINTED,
        region=region,
        reason=reason,
        by=by,
    )


@transaction.atomic
def coordinator_remove(*, region: Region, user: User, by: User, reason: str) -> None:
    """The academy ends a coordinator's work for a region; with the last
    region the coordinator role goes too, at once."""
    if not access.can_manage_roles(by):
        raise PermissionDenied
    reason = _check_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not region.coordinators.filter(pk=user.pk).exists():
        raise DomainError(
            _("%(person)s does not coordinate %(region)s.")
            % {"person": user, "region": region}
        )
    region.coordinators.remove(user)
    if user.role == Role.COORDINATOR and not user.coordinated_regions.exists():
        user.role = ""
        user.save(update_fields=["role", "is_staff"])
    RoleChange.objects.create(
        user=user,
        action=RoleAction.COORDINATOR_REMOVED,
        region=region,
        reason=reason,
        by=by,
    )


# ------------------------------------------------------------------ emails
def _send(to: User, template: str, context: dict) -> None:
    """Queue one email in the recipient's language."""
    with translation.override(to.preferred_language or settings.LANGUAGE_CODE):
        Event.emit(
            "email.send",
            {
                "to": [to.email],
                "subject": " ".join(
                    render_to_string(f"{template}_subject.txt", context).split()
                ),
                "body": render_to_string(f"{template}_message.txt", context),
            },
        )


def _site(path: str) -> str:
    return settings.PORTAL_SITE_URL.rstrip("/") + path


@handles(REQUESTED)
def notify_deciders(payload: dict) -> None:
    """Tell the region's coordinators and the municipality's confirmed staff
    (or, if there are none, the academy) that a request waits for them."""
    membership = (
        StaffMembership.objects.select_related("user", "municipality")
        .filter(pk=payload["membership_id"], status=MembershipStatus.PENDING)
        .first()
    )
    if membership is None:
        return
    municipality = membership.municipality
    deciders = list(
        User.objects.filter(
            is_active=True,
            role=Role.COORDINATOR,
            coordinated_regions=municipality.region_id,
        )
    ) + [
        colleague.user
        for colleague in municipality.staff.confirmed()
        .select_related("user")
        .exclude(user_id=membership.user_id)
        if colleague.user.is_active and colleague.user.is_municipal_staff
    ]
    if not deciders:
        deciders = list(User.objects.filter(is_active=True, role=Role.ACADEMY_ADMIN))
    for person in {p.pk: p for p in deciders}.values():
        _send(
            person,
            "municipalities/email/staff_request",
            {
                "membership": membership,
                "url": _site(reverse("municipalities:staff-list")),
            },
        )


@handles(DECIDED)
def notify_requester(payload: dict) -> None:
    membership = StaffMembership.objects.select_related("user", "municipality").get(
        pk=payload["membership_id"]
    )
    change = RoleChange.objects.get(pk=payload["change_id"])
    if not membership.user.is_active:
        return
    _send(
        membership.user,
        "municipalities/email/staff_decision",
        {
            "membership": membership,
            "change": change,
            "url": _site(reverse("accounts:dashboard")),
        },
    )
