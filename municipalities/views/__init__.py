from .public import (
    DistrictFollowsRegionViewMixin,
    MunicipalityDetailView,
    MunicipalityListView,
)
from .roles import coordinator_list, coordinator_remove, names_edit, names_list
from .staff import staff_decide, staff_join, staff_list

__all__ = [
    "DistrictFollowsRegionViewMixin",
    "MunicipalityDetailView",
    "MunicipalityListView",
    "coordinator_list",
    "coordinator_remove",
    "names_edit",
    "names_list",
    "staff_decide",
    "staff_join",
    "staff_list",
]
