"""Who may see or do what of a consultant: the one home of these rules, asked
by the pages, the API and (through the views' context) the templates."""


def can_see_contacts(user, consultant=None) -> bool:
    """Municipal staff, the academy and coordinators see contact details;
    a consultant sees their own."""
    if not user.is_authenticated:
        return False
    if user.is_municipal_staff or user.is_academy_admin or user.is_coordinator:
        return True
    return consultant is not None and consultant.user_id == user.pk


def can_edit_consultant(user, consultant) -> bool:
    """The consultant themself and the academy edit a profile."""
    return user.is_authenticated and (
        consultant.user_id == user.pk or user.is_academy_admin
    )


def can_withdraw(user, consultant) -> bool:
    """A member leaves the network, or the academy records it (the pipeline's
    "withdraw" move, offered to these two)."""
    return "withdraw" in consultant.available_transitions(user)
