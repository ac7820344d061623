import django_filters
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
from .models.consultants import name_ordering

PUBLIC_STATUS_CHOICES = [(s.value, s.label) for s in PUBLIC_STATUSES]


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

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        if param.lstrip("-") == "name":
            return self.by_name(descending)
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

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    region = region_filter()
    district = district_filter(_("District served"))
    expertise = expertise_filter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ConsultantKind.choices, empty_label=_("Any kind")
    )
    status = django_filters.ChoiceFilter(
        label=_("Network status"),
        choices=PUBLIC_STATUS_CHOICES,
        empty_label=_("Any status"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of work"),
        choices=WorkLanguage.choices,
        method="filter_language",
        empty_label=_("Any language"),
    )
    ordering = NameOrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("updated_at", "updated"), ("status", "status")),
        field_labels={
            "name": _("Name"),
            "updated_at": _("Recently updated"),
            "status": _("Status"),
        },
        empty_label=None,
    )

    class Meta:
        model = Consultant
        fields = ["q", "region", "district", "expertise", "kind", "status", "language"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    # the API takes a district's id
    @extend_schema_field(OpenApiTypes.INT)
    def filter_district(self, queryset, name, district):
        return queryset.for_district(district.pk)

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*NameOrderingFilter.by_name())
        return queryset

    @property
    def qs(self):
        if not self.is_bound:
            return super().qs.order_by(*NameOrderingFilter.by_name())
        return super().qs


__all__ = ["ConsultantListFilterSet", "NetworkStatus", "expertise_filter"]
