"""Who may see or do what with municipalities, their staff and the roles of
the portal: the one home of these rules, asked by pages, the API, templates
and other apps (procurement asks `staff_municipality_id`)."""

from .models import MEMBERSHIP_TRANSITIONS, MembershipStatus, StaffMembership


def coordinated_regions(user) -> list:
    """The regions a coordinator coordinates, read once per request (kept on
    the request's user object), for the dashboard panels that list them."""
    if not (user.is_authenticated and user.is_coordinator):
        return []
    if not hasattr(user, "_coordinated_regions"):
        user._coordinated_regions = list(user.coordinated_regions.all())
    return user._coordinated_regions


def with_regions(request, user) -> dict:
    """The context of a dashboard panel that lists a coordinator's regions."""
    return {"user": user, "regions": coordinated_regions(user)}


def confirmed_membership(user) -> StaffMembership | None:
    """The user's membership if it gives staff rights now: a confirmed one,
    on an account with the municipal staff role."""
    if not (user.is_authenticated and user.is_municipal_staff):
        return None
    membership = getattr(user, "staff_membership", None)
    if membership is None or membership.status != MembershipStatus.CONFIRMED:
        return None
    return membership


def staff_municipality_id(user) -> int | None:
    """The municipality whose tenders the user runs, if any."""
    membership = confirmed_membership(user)
    return membership.municipality_id if membership else None


def is_staff_of(user, municipality) -> bool:
    return staff_municipality_id(user) == municipality.pk


def coordinated_region_codes(user) -> frozenset:
    """The regions a coordinator coordinates (read once per request)."""
    if not (user.is_authenticated and user.is_coordinator):
        return frozenset()
    codes = getattr(user, "_coordinated_region_codes", None)
    if codes is None:
        codes = frozenset(user.coordinated_regions.values_list("code", flat=True))
        user._coordinated_region_codes = codes
    return codes


def coordinates(user, region_code: str) -> bool:
    return region_code in coordinated_region_codes(user)


def can_confirm_staff(user, membership: StaffMembership) -> bool:
    """A request is decided by the academy, the coordinator of the
    municipality's region or a confirmed colleague; never by the requester."""
    if not user.is_authenticated or membership.user_id == user.pk:
        return False
    if user.is_academy_admin:
        return True
    if coordinates(user, membership.municipality.region_id):
        return True
    return staff_municipality_id(user) == membership.municipality_id


def can_remove_staff(user, membership: StaffMembership) -> bool:
    """Removing confirmed staff is the academy's."""
    return user.is_authenticated and user.is_academy_admin


def staff_actions(user, membership: StaffMembership) -> list[str]:
    """The moves of MEMBERSHIP_TRANSITIONS this user may make now."""
    allowed = {
        "confirm": can_confirm_staff(user, membership),
        "decline": can_confirm_staff(user, membership),
        "remove": can_remove_staff(user, membership),
    }
    return [
        name
        for name, move in MEMBERSHIP_TRANSITIONS.items()
        if allowed.get(name) and membership.status in move.sources
    ]


def can_see_staff_list(user) -> bool:
    """Who sees which requests and staff: the academy, coordinators and
    confirmed staff (each their own part, see StaffMembership.objects)."""
    return user.is_authenticated and (
        user.is_academy_admin
        or user.is_coordinator
        or confirmed_membership(user) is not None
    )


def can_see_staff_contacts(user) -> bool:
    """Names, positions and work phones of a municipality's staff: for the
    academy, coordinators and municipal staff."""
    return user.is_authenticated and (
        user.is_academy_admin
        or user.is_coordinator
        or confirmed_membership(user) is not None
    )


def can_manage_roles(user) -> bool:
    """Appointing and removing coordinators, removing staff: the academy."""
    return user.is_authenticated and user.is_academy_admin


def can_edit_names(user) -> bool:
    return user.is_authenticated and user.is_academy_admin


def can_request_membership(user) -> bool:
    """Anyone signed in who has no other role (a consultant, a coordinator or
    the academy has their own way in)."""
    return user.is_authenticated and user.role in ("", "municipal_staff")
