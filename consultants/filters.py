import django_filters
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from municipalities.filters import (
    DistrictFollowsRegionMixin,
    RegionFilterMixin,
    district_filter,
    region_filter,
)
from portal.filters import CachedModelChoiceFilter, OrderingFilter

from .models import (
    PUBLIC_STATUSES,
    Consultant,
    ConsultantKind,
    ExpertiseArea,
    NetworkStatus,
    WorkLanguage,
)
from .models.queries import name_ordering
from .models.search import SEARCH_CANDIDATES

ANY_STATUS = "any"
PUBLIC_STATUS_CHOICES = [(s.value, s.label) for s in PUBLIC_STATUSES] + [
    (ANY_STATUS, _("Any status, suspended and withdrawn included"))
]

# the registry's sorts besides the name (each backed by an index of
# Consultant.Meta.indexes, in the same order): ascending and descending
SORTS = {
    "rating": [
        F("rating_average").desc(nulls_last=True),
        "-rating_count",
        "id",
    ],
    "contracts": ["-completed_contracts", "id"],
    "newest": [F("member_since").desc(nulls_last=True), "-created_at", "-id"],
}


def expertise_filter(**kwargs) -> CachedModelChoiceFilter:
    """The expertise area filter of every list page and its API (by code);
    by default through the rows' expertise_areas."""
    kwargs.setdefault("field_name", "expertise_areas")
    return CachedModelChoiceFilter(
        label=_("Expertise area"),
        queryset=ExpertiseArea.objects.all(),
        to_field_name="code",
        empty_label=_("All expertise areas"),
        **kwargs,
    )


class NameOrderingFilter(OrderingFilter):
    """Sorting by name sorts by the name in the reader's language; every sort
    ends with the id in the same direction, so each matches an index."""

    @staticmethod
    def by_name(descending=False):
        return name_ordering(get_language() or "ky", descending=descending)

    def build_choices(self, fields, labels):
        """The trust sorts go one way only (best, most, newest first)."""
        return [
            (param, label)
            for param, label in super().build_choices(fields, labels)
            if param.lstrip("-") not in SORTS or not param.startswith("-")
        ]

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        if param.lstrip("-") == "name":
            return self.by_name(descending)
        if param in SORTS:
            return SORTS[param]
        return [super().get_ordering_value(param), "-id" if descending else "id"]

    def filter(self, qs, value):
        if not value:
            return qs
        # one sort at a time: the form offers no combinations
        return qs.order_by(*self.get_ordering_value(value[0]))


class ConsultantListFilterSet(
    DistrictFollowsRegionMixin, RegionFilterMixin, django_filters.FilterSet
):
    """The registry's filters, shared by the HTML page and the API."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=100
    )
    region = region_filter()
    district = district_filter(_("District served"))
    expertise = expertise_filter(method="filter_expertise")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ConsultantKind.choices, empty_label=_("Any kind")
    )
    certified = CachedModelChoiceFilter(
        label=_("Certified for"),
        queryset=ExpertiseArea.objects.all(),
        to_field_name="code",
        empty_label=_("Certified or not"),
        method="filter_certified",
        help_text=_(
            "Members holding a certificate in force for this expertise area (by code)."
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Network status"),
        choices=PUBLIC_STATUS_CHOICES,
        empty_label=_("Active members (provisional and certified)"),
        method="filter_status",
        help_text=_(
            "Empty: active members only (provisional and certified); a status; "
            "or any: every member in the registry, suspended and withdrawn "
            "included."
        ),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of work"),
        choices=WorkLanguage.choices,
        method="filter_language",
        empty_label=_("Any language"),
    )
    ordering = NameOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("rating", "rating"),
            ("contracts", "contracts"),
            ("newest", "newest"),
            ("updated_at", "updated"),
            ("status", "status"),
        ),
        field_labels={
            "name": _("Name"),
            "rating": _("Rating, best first"),
            "contracts": _("Completed contracts, most first"),
            "newest": _("Newest members first"),
            "updated_at": _("Recently updated"),
            "status": _("Status"),
        },
        # unchosen: a search's best matches first, otherwise by name
        empty_label=_("Best match"),
    )

    class Meta:
        model = Consultant
        fields = [
            "q",
            "region",
            "district",
            "expertise",
            "certified",
            "kind",
            "status",
            "language",
        ]

    # how many matches of the list the search reads (ConsultantQuerySet.search):
    # the page says "more than 200" past them; the exports read them all
    search_candidates = SEARCH_CANDIDATES

    def filter_search(self, queryset, name, value):
        # applied last, in filter_queryset: the search's arms read the first
        # matches of the filtered list in its order (ConsultantQuerySet.search)
        return queryset

    # the API takes a district's id
    @extend_schema_field(OpenApiTypes.INT)
    def filter_district(self, queryset, name, district):
        return queryset.for_district(district)

    # the API takes an expertise area's code
    @extend_schema_field(OpenApiTypes.STR)
    def filter_expertise(self, queryset, name, area):
        return queryset.with_expertise(area)

    def filter_language(self, queryset, name, value):
        return queryset.speaking(value)

    # the API takes an expertise area's code
    @extend_schema_field(OpenApiTypes.STR)
    def filter_certified(self, queryset, name, area):
        return queryset.certified_for(area.code)

    def filter_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.active_members()
        queryset = super().filter_queryset(queryset)
        chosen = self.form.cleaned_data.get("ordering")
        if not chosen:
            queryset = queryset.order_by(*NameOrderingFilter.by_name())
        if search := self.form.cleaned_data.get("q"):
            queryset = queryset.search(search, self.search_candidates)
        if not chosen:
            queryset = self.default_order(queryset)
        return queryset

    def default_order(self, queryset):
        """Without a sort chosen: a search's matches by relevance (exact name
        first: ConsultantQuerySet.ranked), otherwise by name."""
        by_name = NameOrderingFilter.by_name()
        if search := self.form.cleaned_data.get("q"):
            return queryset.ranked(search, *by_name)
        return queryset.order_by(*by_name)

    @property
    def qs(self):
        if not self.is_bound:
            return super().qs.active_members().order_by(*NameOrderingFilter.by_name())
        return super().qs


__all__ = ["ConsultantListFilterSet", "NetworkStatus", "expertise_filter"]
