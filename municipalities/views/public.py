from django.db.models import Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from ..access import can_see_staff_contacts, is_staff_of
from ..filters import MunicipalityListFilterSet
from ..models import Municipality, Place, StaffMembership
from ..panels import render_panels

PAGE_SIZES = (20, 50, 100)


class DistrictFollowsRegionViewMixin:
    """A list page whose district choices follow the region: a district of
    another region is dropped, and the page says so (ignored_district)."""

    ignored_district = None
    # a filter left at its default value does not count as set
    default_filter_values: dict = {}

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs.get("data") is not None:
            kwargs["data"], self.ignored_district = (
                filterset_class.drop_foreign_district(kwargs["data"])
            )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ignored_district"] = self.ignored_district
        filterset = context["filter"]
        context["filters_active"] = filterset.is_bound and any(
            filterset.data.get(name)
            and filterset.data.get(name) != self.default_filter_values.get(name)
            for name in filterset.filters
            if name not in ("q", "ordering")
        )
        return context


class MunicipalityListView(DistrictFollowsRegionViewMixin, FilterView):
    """Every municipality of the register: filters, search by name or village
    (Cyrillic, any case), pages of a chosen size."""

    filterset_class = MunicipalityListFilterSet
    default_filter_values = {"status": "active"}
    template_name = "municipalities/municipality_list.html"
    context_object_name = "municipalities"

    def get_queryset(self):
        return Municipality.objects.for_listing()

    def get_paginate_by(self, queryset):
        try:
            size = int(self.request.GET.get("page_size", 20))
        except ValueError:
            size = 20
        return size if size in PAGE_SIZES else 20

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["municipalities/includes/municipality_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_sizes"] = PAGE_SIZES
        return context


class MunicipalityDetailView(DetailView):
    """A municipality: its district, region, villages, staff on the portal
    (names and phones for those allowed), and the panels of other apps."""

    template_name = "municipalities/municipality_detail.html"
    context_object_name = "municipality"

    def get_queryset(self):
        return Municipality.objects.for_listing().prefetch_related(
            Prefetch("places", queryset=Place.objects.order_by("name_ru", "id")),
            "predecessors",
            Prefetch(
                "staff",
                queryset=StaffMembership.objects.confirmed()
                .select_related("user")
                .order_by("user__full_name", "id"),
                to_attr="confirmed_staff",
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["show_staff"] = can_see_staff_contacts(user)
        context["is_own"] = is_staff_of(user, self.object)
        context["panels"] = render_panels(self.request, self.object)
        return context
