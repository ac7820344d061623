"""Who may see what of a consultant, shared by the pages and the API."""


def can_see_contacts(user, consultant=None) -> bool:
    """Municipal staff, the academy and coordinators see contact details;
    a consultant sees their own."""
    if not user.is_authenticated:
        return False
    if user.is_municipal_staff or user.is_academy_admin or user.is_coordinator:
        return True
    return consultant is not None and consultant.user_id == user.pk
