"""A profile's expertise areas, regions and districts served without a
query each (portal.cached_relations)."""

from municipalities.models import District, Region
from portal.cached_relations import CachedRelations

from .models import Consultant, ExpertiseArea

PROFILE_RELATIONS = CachedRelations(
    Consultant,
    {
        "expertise_areas": ExpertiseArea.objects.all(),
        "regions_served": Region.objects.all(),
        "districts_served": District.objects.select_related("region"),
    },
)
