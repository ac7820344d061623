"""Who may see or do what of a consultant: the one home of these rules, asked
by the pages, the API and (through the views' context) the templates."""

from .models import Consultant


def can_see_contacts(user, consultant=None) -> bool:
    """Municipal staff, the academy and coordinators see contact details;
    a consultant sees their own."""
    if not user.is_authenticated:
        return False
    if user.is_municipal_staff or user.is_academy_admin or user.is_coordinator:
        return True
    return consultant is not None and consultant.user_id == user.pk


def can_answer_rating(user, rating) -> bool:
    """The rated member answers a rating of their work, once."""
    return (
        user.is_authenticated
        and rating.consultant.user_id == user.pk
        and not rating.is_answered
    )


def can_edit_consultant(user, consultant) -> bool:
    """The consultant themself and the academy edit a profile."""
    return user.is_authenticated and (
        consultant.user_id == user.pk or user.is_academy_admin
    )


def can_withdraw(user, consultant) -> bool:
    """A member leaves the network, or the academy records it (the pipeline's
    "withdraw" move, offered to these two)."""
    return "withdraw" in consultant.available_transitions(user)


# ------------------------------------------------ taking over a registry profile
def may_take_over(user) -> bool:
    """An account that may take over a registry profile: active, without a
    profile of its own and without another role (nor a staff request)."""
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return False
    if user.role not in ("", "consultant"):
        return False
    if Consultant.objects.filter(user_id=user.pk).exists():
        return False
    membership = getattr(user, "staff_membership", None)
    return membership is None or membership.status not in ("pending", "confirmed")


def can_claim(user, consultant) -> bool:
    """Ask the academy for a public profile that has no account yet."""
    return consultant.user_id is None and consultant.is_public and may_take_over(user)


def can_invite(user, consultant) -> bool:
    """The academy invites someone to take over a profile without account."""
    return (
        user.is_authenticated and user.is_academy_admin and consultant.user_id is None
    )
