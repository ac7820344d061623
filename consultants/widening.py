"""What an empty registry result offers: the same search without each active
filter, the neighbouring regions, the whole region of a district; each with
the number of members it would find (a COUNT in the database, only when the
result is empty, stopped at the lists' cap: "more than 1,000")."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.pagination import COUNT_CAP

# the filters a suggestion may drop, in the order the page shows them
WIDENABLE = (
    "q",
    "expertise",
    "certified",
    "district",
    "region",
    "kind",
    "status",
    "language",
)


@dataclass(frozen=True)
class Suggestion:
    label: str
    querystring: str
    count: int

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP


def _shown_value(form, name) -> str:
    value = form.cleaned_data.get(name)
    field = form.fields[name]
    if hasattr(value, "pk"):
        return str(value)
    choices = dict(getattr(field, "choices", ()))
    return str(choices.get(value, value))


def _count(filterset_class, data, queryset) -> int:
    rows = filterset_class(data, queryset=queryset).qs.order_by().values("pk")
    return rows[: COUNT_CAP + 1].count()


def widening_suggestions(filterset, queryset, query) -> list[Suggestion]:
    """Suggestions for an empty result of ``filterset`` (bound and valid) over
    ``queryset``; ``query`` is the page's QueryDict (page size and sorting
    are kept)."""
    form = filterset.form
    if not form.is_valid():
        return []
    cls = type(filterset)
    base = query.copy()
    base.pop("page", None)
    active = [name for name in WIDENABLE if form.cleaned_data.get(name)]
    seen, found = set(), []

    def offer(label, data):
        key = data.urlencode()
        if key in seen or key == base.urlencode():
            return
        seen.add(key)
        found.append(Suggestion(label, key, _count(cls, data, queryset)))

    for name in active:
        data = base.copy()
        data.pop(name, None)
        if name == "region":
            data.pop("district", None)
        offer(
            _("without “%(filter)s: %(value)s”")
            % {"filter": form.fields[name].label, "value": _shown_value(form, name)},
            data,
        )
    district = form.cleaned_data.get("district")
    if district is not None:
        data = base.copy()
        data.pop("district", None)
        data["region"] = district.region_id
        offer(
            _("the whole region: %(region)s (based there or serving it)")
            % {"region": district.region},
            data,
        )
    region = form.cleaned_data.get("region") or (district and district.region)
    if region is not None:
        for neighbour in region.neighbours():
            data = base.copy()
            data.pop("district", None)
            data["region"] = neighbour.pk
            offer(
                _("the neighbouring region: %(region)s") % {"region": neighbour},
                data,
            )
    if len(active) > 1:
        offer(_("all members, without any filter"), _only_layout(base))
    return [s for s in found if s.count]


def _only_layout(query):
    data = query.copy()
    for name in WIDENABLE:
        data.pop(name, None)
    return data
