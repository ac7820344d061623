"""Small lists of an object's child rows read in the object's own query
(issue 16: at most ten queries a page): each list comes as an array of JSON
rows (an array subquery in the SELECT), turned back into model instances and
set as the object's prefetched relation, so `tender.documents.all` in a view
or template reads nothing more. For pages that show a few rows of several
relations; the instances are for reading, not for saving.

    DOCUMENTS = EmbeddedRows("documents", TenderDocument, "tender")
    tender = DOCUMENTS.annotate(Tender.objects.filter(pk=pk)).get()
    DOCUMENTS.attach(tender)
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import OuterRef
from django.db.models.functions import Cast, JSONObject


def _json_value(field):
    # decimals as text: a JSON number would come back as a float
    if isinstance(field, models.DecimalField):
        return Cast(field.attname, models.TextField())
    return models.F(field.attname)


class EmbeddedRows:
    """name: the relation's name on the parent (its prefetch key); model:
    the child rows' (in its Meta ordering); link: the child's field holding
    the parent's key (a lookup, e.g. "contract__tender"); defer: fields left
    out (read on access, as QuerySet.defer), binary ones always."""

    def __init__(self, name: str, model, link: str, *, defer=()):
        self.name = name
        self.link = link
        self.model = model
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if f.name not in defer and not isinstance(f, models.BinaryField)
        ]
        self.field_names = [f.attname for f in self.fields]

    @property
    def key(self) -> str:
        return f"{self.name}_rows"

    def expression(self, **filters):
        # a plain QuerySet: a translating manager would add the translated
        # fields to values() (a subquery of one column)
        rows = models.QuerySet(self.model).filter(
            **{self.link: OuterRef("pk")}, **filters
        )
        return ArraySubquery(
            rows.values(
                row=JSONObject(**{f.attname: _json_value(f) for f in self.fields})
            )
        )

    def annotate(self, parents, **filters):
        """The parents' queryset with this relation's rows (`<name>_rows`);
        `filters` narrow the rows (e.g. to the signed-in user's)."""
        return parents.annotate(**{self.key: self.expression(**filters)})

    def rows(self, parent) -> list:
        """The instances of a parent read with `annotate`."""
        instances = []
        for row in getattr(parent, self.key) or ():
            values = [f.to_python(row[f.attname]) for f in self.fields]
            instances.append(
                self.model.from_db(parent._state.db, self.field_names, values)
            )
        return instances

    def attach(self, parent, holder=None) -> list:
        """Set the rows as the prefetched relation of `holder` (the parent
        unless the relation hangs off one of its related objects)."""
        holder = parent if holder is None else holder
        instances = self.rows(parent)
        related = getattr(holder, self.name).get_queryset()
        related._result_cache = instances
        related._prefetch_done = True
        holder.__dict__.setdefault("_prefetched_objects_cache", {})[self.name] = related
        return instances
