from .geography import (
    District,
    Municipality,
    MunicipalityKind,
    MunicipalityQuerySet,
    Place,
    PlaceKind,
    Region,
    RegionKind,
    inn_validator,
    name_in,
    soate_validator,
)
from .staff import (
    MEMBERSHIP_TRANSITIONS,
    MembershipStatus,
    RoleAction,
    RoleChange,
    StaffMembership,
)

__all__ = [
    "MEMBERSHIP_TRANSITIONS",
    "District",
    "MembershipStatus",
    "Municipality",
    "MunicipalityKind",
    "MunicipalityQuerySet",
    "Place",
    "PlaceKind",
    "Region",
    "RegionKind",
    "RoleAction",
    "RoleChange",
    "StaffMembership",
    "inn_validator",
    "name_in",
    "soate_validator",
]
