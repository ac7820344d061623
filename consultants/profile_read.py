"""A profile's expertise areas, regions and districts served without a
query each (issue 16: at most ten queries a page): the profile's query
brings their ids, the rows come from the cached reference tables
(portal.choices) and are set as the profile's prefetched relations, so
`consultant.regions_served.all` and the rest read no more."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from municipalities.models import District, Region
from portal.choices import cached_rows, watch

from .models import Consultant, ExpertiseArea

RELATIONS = {
    # relation: (the through table's column, the reference rows)
    "expertise_areas": ("expertisearea_id", lambda: ExpertiseArea.objects.all()),
    "regions_served": ("region_id", lambda: Region.objects.all()),
    "districts_served": (
        "district_id",
        lambda: District.objects.select_related("region"),
    ),
}
for model in (ExpertiseArea, Region, District):
    watch(model)


def with_reference_ids(queryset):
    """The consultants with the ids of their areas, regions and districts."""
    return queryset.annotate(
        **{
            f"{name}_ids": ArraySubquery(
                getattr(Consultant, name)
                .through.objects.filter(consultant_id=OuterRef("pk"))
                .values(column)
            )
            for name, (column, _rows) in RELATIONS.items()
        }
    )


def attach_reference(consultant) -> None:
    """Set the relations from the cached rows (in their models' order)."""
    cache = consultant.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, (_column, rows) in RELATIONS.items():
        ids = set(getattr(consultant, f"{name}_ids") or ())
        related = getattr(consultant, name).get_queryset()
        related._result_cache = [row for row in cached_rows(rows()) if row.pk in ids]
        related._prefetch_done = True
        cache[name] = related
