"""Taking over a registry profile: invitations by the academy (a signed,
single-use, expiring link) and claims confirmed by the academy. No duplicate
applicant for someone already in the registry: `profile_held_by` finds the
profile an email or phone belongs to, and the application offers the claim."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from municipalities.phones import to_e164
from portal.accounts.models import Role, User
from portal.errors import DomainError
from portal.outbox.handlers import handles
from portal.outbox.models import Event
from portal.outbox.services import send_email

from . import access
from .models import ClaimStatus, Consultant, ProfileClaim, ProfileInvitation

INVITATION_SALT = "consultants.claims.invitation"
INVITED = "consultants.invited"
CLAIMED = "consultants.claimed"
CLAIM_DECIDED = "consultants.claim_decided"
TAKEN_OVER = gettext_noop("The profile was taken over by its member.")


def profile_held_by(*, email: str = "", phone: str = "", exclude=None):
    """The registry profile that holds this email or phone, if any."""
    match = Q()
    if email:
        match |= Q(email__iexact=email.strip())
    number = to_e164(phone)
    if number:
        match |= Q(phone=number)
    if not match:
        return None
    qs = Consultant.objects.filter(match)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("user_id", "id").first()


# --------------------------------------------------------------- invitations
def invitation_token(invitation: ProfileInvitation) -> str:
    return signing.dumps(
        {"i": invitation.pk, "c": invitation.consultant_id}, salt=INVITATION_SALT
    )


def invitation_url(invitation: ProfileInvitation) -> str:
    path = reverse(
        "consultants:invitation-accept",
        args=[invitation.consultant_id, invitation_token(invitation)],
    )
    return settings.PORTAL_SITE_URL.rstrip("/") + path


def invitation_from_token(*, consultant_id: int, token: str):
    """The usable invitation a link stands for, or None: a bad or expired
    signature, a link made for another profile, an invitation used or past
    its date, or a profile that has an account by now."""
    try:
        data = signing.loads(
            token,
            salt=INVITATION_SALT,
            max_age=timedelta(days=settings.PROFILE_INVITATION_DAYS),
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != consultant_id:
        return None
    invitation = (
        ProfileInvitation.objects.select_related("consultant")
        .filter(pk=data.get("i"), consultant_id=consultant_id)
        .first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


@transaction.atomic
def invitation_create(*, consultant: Consultant, email: str, by: User):
    """The academy invites a person by email to take over a profile that has
    no account. The email carries only a reference in the outbox; the link
    is made when it is sent."""
    if not access.can_invite(by, consultant):
        raise PermissionDenied
    if consultant.user_id is not None:
        raise DomainError(_("This profile already belongs to an account."))
    now = timezone.now()
    invitation = ProfileInvitation.objects.create(
        consultant=consultant,
        email=email.strip().lower(),
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.PROFILE_INVITATION_DAYS),
    )
    Event.emit(
        INVITED,
        {
            "invitation_id": invitation.pk,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
        region_code=consultant.home_region_id,
    )
    return invitation


def _link(*, consultant: Consultant, user: User) -> None:
    """Give the profile to the account (locked rows, checked again)."""
    if consultant.user_id is not None:
        raise DomainError(_("This profile already belongs to an account."))
    if not access.may_take_over(user):
        raise DomainError(
            _("This account already has a profile or another role on the portal.")
        )
    consultant.user = user
    consultant.save(update_fields=["user", "updated_at"])
    if user.role != Role.CONSULTANT:
        user.role = Role.CONSULTANT
        user.save(update_fields=["role", "is_staff"])
    # other claims of the profile are answered: it has its member now
    ProfileClaim.objects.filter(
        consultant=consultant, status=ClaimStatus.PENDING
    ).exclude(user=user).update(
        status=ClaimStatus.DECLINED,
        decided_at=timezone.now(),
        decision_reason=_(TAKEN_OVER),
    )


@transaction.atomic
def invitation_accept(*, invitation: ProfileInvitation, user: User) -> Consultant:
    """The invited person (signed in) takes the profile over. Works once."""
    invitation = ProfileInvitation.objects.select_for_update().get(pk=invitation.pk)
    consultant = Consultant.objects.select_for_update().get(pk=invitation.consultant_id)
    invitation.consultant = consultant
    if not invitation.is_usable():
        raise DomainError(_("This invitation is no longer valid."))
    _link(consultant=consultant, user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return consultant


@transaction.atomic
def invitation_sign_up(
    *, invitation: ProfileInvitation, full_name: str, password: str, language: str
) -> User:
    """A new account for the invited email (confirmed: the link came to it),
    which takes the profile over."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError(_("An account with this email exists: sign in first."))
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        full_name=full_name,
        preferred_language=language,
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    invitation_accept(invitation=invitation, user=user)
    return user


@handles(INVITED)
def send_invitation(payload: dict) -> None:
    invitation = (
        ProfileInvitation.objects.select_related("consultant", "created_by")
        .filter(pk=payload["invitation_id"])
        .first()
    )
    if invitation is None or not invitation.is_usable():
        return
    with translation.override(payload.get("language") or settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "consultant": invitation.consultant,
            "url": invitation_url(invitation),
        }
        send_email(
            {
                "to": [invitation.email],
                "subject": " ".join(
                    render_to_string(
                        "consultants/email/invitation_subject.txt", context
                    ).split()
                ),
                "body": render_to_string(
                    "consultants/email/invitation_message.txt", context
                ),
            }
        )


# --------------------------------------------------------------------- claims
@transaction.atomic
def claim_request(*, consultant: Consultant, user: User, message: str = ""):
    """A signed-in person asks the academy for a profile that has no account."""
    if consultant.user_id is not None:
        raise DomainError(_("This profile already belongs to an account."))
    if not access.may_take_over(user):
        raise DomainError(
            _("This account already has a profile or another role on the portal.")
        )
    if ProfileClaim.objects.filter(user=user, status=ClaimStatus.PENDING).exists():
        raise DomainError(
            _("You have already asked for a profile; wait for the academy's answer.")
        )
    claim = ProfileClaim.objects.create(
        consultant=consultant, user=user, message=message.strip()
    )
    Event.emit(CLAIMED, {"claim_id": claim.pk}, region_code=consultant.home_region_id)
    return claim


@transaction.atomic
def claim_decide(*, claim: ProfileClaim, accept: bool, by: User, reason: str = ""):
    """The academy gives the profile to the claimant, or declines (with the
    reason the claimant sees)."""
    if not (by.is_authenticated and by.is_academy_admin):
        raise PermissionDenied
    claim = ProfileClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise DomainError(_("This claim has already been decided."))
    reason = (reason or "").strip()
    if accept:
        consultant = Consultant.objects.select_for_update().get(pk=claim.consultant_id)
        _link(consultant=consultant, user=claim.user)
        claim.status = ClaimStatus.ACCEPTED
    else:
        if not reason:
            raise DomainError(_("Give the reason."))
        claim.status = ClaimStatus.DECLINED
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.decision_reason = reason
    claim.save()
    Event.emit(CLAIM_DECIDED, {"claim_id": claim.pk})
    return claim


def _email(to: User, template: str, context: dict) -> None:
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


@handles(CLAIMED)
def notify_academy_of_claim(payload: dict) -> None:
    claim = ProfileClaim.objects.select_related("consultant", "user").get(
        pk=payload["claim_id"]
    )
    url = settings.PORTAL_SITE_URL.rstrip("/") + reverse("consultants:claim-list")
    for admin in User.objects.filter(role=Role.ACADEMY_ADMIN, is_active=True):
        _email(admin, "consultants/email/claim", {"claim": claim, "url": url})


@handles(CLAIM_DECIDED)
def notify_claimant(payload: dict) -> None:
    claim = ProfileClaim.objects.select_related("consultant", "user").get(
        pk=payload["claim_id"]
    )
    url = settings.PORTAL_SITE_URL.rstrip("/") + claim.consultant.get_absolute_url()
    _email(claim.user, "consultants/email/claim_decision", {"claim": claim, "url": url})
