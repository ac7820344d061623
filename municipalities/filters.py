import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from portal.filters import CachedModelChoiceFilter, OrderingFilter

from .models import (
    District,
    MembershipStatus,
    Municipality,
    MunicipalityKind,
    Region,
    StaffMembership,
)


def region_filter() -> CachedModelChoiceFilter:
    """The region filter of every list page and its API (by ISO code); the
    FilterSet's filter_region asks the QuerySet's for_region."""
    return CachedModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        method="filter_region",
        empty_label=_("All regions"),
    )


class RegionFilterMixin:
    """filter_region for a FilterSet with region_filter(): the QuerySet's
    for_region decides what "in the region" means for its rows."""

    # the API takes a region's ISO code
    @extend_schema_field(OpenApiTypes.STR)
    def filter_region(self, queryset, name, region):
        return queryset.for_region(region.pk)


def district_filter(label) -> CachedModelChoiceFilter:
    """The district filter of a list page with a region filter: its choices
    follow the chosen region (DistrictFollowsRegionMixin)."""
    return CachedModelChoiceFilter(
        label=label,
        queryset=District.objects.select_related("region"),
        method="filter_district",
        empty_label=_("All districts"),
        error_messages={
            "invalid_choice": _(
                "Choose one of the districts of the chosen region, or all districts."
            )
        },
    )


def _is_region_code(value) -> bool:
    """Has the value the shape of a region's code (the model's own check)?"""
    try:
        Region._meta.get_field("code").run_validators(str(value))
    except ValidationError:
        return False
    return True


class DistrictFollowsRegionMixin:
    """With a region chosen, only its districts are choices: the page shows
    them (htmx swaps the district list when the region changes; without
    JavaScript the server sends the region's list), and a district of another
    region is refused (the API) or dropped with a notice (the pages, through
    drop_foreign_district)."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        code = (data or {}).get("region")
        # only a code of a region's shape narrows the list (anything else, a
        # NUL the database refuses included, is the region field's to refuse)
        if code and _is_region_code(code):
            self.filters["district"].queryset = District.objects.filter(
                region_id=code
            ).select_related("region")

    @staticmethod
    def drop_foreign_district(data):
        """(data, district): the query without a district that is not in the
        chosen region, and that district (None when nothing was dropped)."""
        code, district_id = data.get("region"), data.get("district")
        if not (code and district_id and str(district_id).isdigit()):
            return data, None
        district = District.objects.filter(pk=district_id).first()
        if district is None or district.region_id == code:
            return data, None
        data = data.copy()
        data.pop("district", None)
        return data, district


REGISTER_STATUSES = [
    ("active", _("in the register")),
    ("retired", _("retired")),
    ("all", _("all")),
]


class MunicipalityOrderingFilter(OrderingFilter):
    """Sorting by name sorts by the name in the reader's language (indexed)."""

    def filter(self, qs, value):
        descending = bool(value) and value[0].startswith("-")
        return qs.by_name(descending=descending)


class MunicipalityListFilterSet(
    DistrictFollowsRegionMixin, RegionFilterMixin, django_filters.FilterSet
):
    """The municipalities' filters, shared by the page and the API."""

    q = django_filters.CharFilter(
        label=_("Name or village"), method="filter_search", max_length=100
    )
    region = region_filter()
    district = district_filter(_("District"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=MunicipalityKind.choices, empty_label=_("Any kind")
    )
    status = django_filters.ChoiceFilter(
        label=_("Register"),
        choices=REGISTER_STATUSES,
        method="filter_status",
        empty_label=None,
        null_label=None,
    )
    ordering = MunicipalityOrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"),),
        field_labels={"name": _("Name")},
        empty_label=None,
    )

    class Meta:
        model = Municipality
        fields = ["q", "region", "district", "kind", "status"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    # the API takes a district's id
    @extend_schema_field(OpenApiTypes.INT)
    def filter_district(self, queryset, name, district):
        return queryset.for_district(district.pk)

    def filter_status(self, queryset, name, value):
        return queryset  # applied in filter_queryset, also when absent

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        status = self.form.cleaned_data.get("status") or "active"
        if status == "active":
            queryset = queryset.active()
        elif status == "retired":
            queryset = queryset.retired()
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.by_name()
        return queryset

    @property
    def qs(self):
        if not self.is_bound:
            return super().qs.active().by_name()
        return super().qs


class StaffMembershipFilterSet(RegionFilterMixin, django_filters.FilterSet):
    """Requests and staff on the staff page."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=MembershipStatus.choices,
        empty_label=_("Any status"),
    )
    region = region_filter()

    class Meta:
        model = StaffMembership
        fields = ["status", "region"]
