import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import Region


def region_filter() -> django_filters.ModelChoiceFilter:
    """The region filter of every list page and its API (by ISO code); the
    FilterSet's filter_region asks the QuerySet's for_region."""
    return django_filters.ModelChoiceFilter(
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
