"""Many-to-many relations to reference tables (expertise areas, regions,
districts) without a query each (issue 16: at most ten queries a page): the
object's own query brings the related ids (an array subquery a relation),
the rows come from the cached reference tables (portal.choices) and are set
as the object's prefetched relations, so `obj.regions.all` in a template
reads nothing more. For pages that only show the relations."""

import functools

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.query import ModelIterable

from .choices import cached_rows, watch


class CachedRelations:
    """relations: {name: queryset of the reference rows, in the order the
    page shows them}."""

    def __init__(self, model, relations: dict):
        self.model = model
        self.relations = relations
        for rows in relations.values():
            watch(rows.model)

    def _through(self, name):
        field = self.model._meta.get_field(name)
        through = field.remote_field.through
        return (
            through,
            field.m2m_column_name(),
            field.m2m_reverse_name(),
        )

    def with_ids(self, queryset):
        """The queryset with the ids of each relation (`<name>_ids`)."""
        annotations = {}
        for name in self.relations:
            through, own, other = self._through(name)
            annotations[f"{name}_ids"] = ArraySubquery(
                through.objects.filter(**{own: OuterRef("pk")}).values(other)
            )
        return queryset.annotate(**annotations)

    def attach(self, instance) -> None:
        """Set the relations of an instance read `with_ids`."""
        cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, rows in self.relations.items():
            ids = set(getattr(instance, f"{name}_ids") or ())
            related = getattr(instance, name).get_queryset()
            related._result_cache = [row for row in cached_rows(rows) if row.pk in ids]
            related._prefetch_done = True
            cache[name] = related


def listed_from_cache(queryset, ids: str, attr: str, reference):
    """The queryset's rows with `attr`: the list of the reference rows
    (`reference()`: every row, cached, in the order to show) whose ids are
    in the rows' array column `ids` (kept by the database from a
    many-to-many relation). For long lists: no prefetch query and no
    related instances built per row."""
    queryset = queryset.all()
    queryset._iterable_class = _listing(attr, ids, reference)
    return queryset


@functools.cache
def _listing(attr: str, ids: str, reference):
    """The iterable class of one (attr, ids, reference): made once, so
    querysets of the same listing share it (and compare their iterables)."""

    class ListedRows(ModelIterable):
        def __iter__(self):
            rows = None
            for obj in super().__iter__():
                if rows is None:
                    rows = reference()
                chosen = set(getattr(obj, ids) or ())
                setattr(obj, attr, [row for row in rows if row.pk in chosen])
                yield obj

    return ListedRows
