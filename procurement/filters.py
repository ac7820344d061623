import django_filters
from django.utils.translation import gettext_lazy as _

from consultants.models import ExpertiseArea
from municipalities.models import Region
from portal import widgets
from portal.filters import CachedModelChoiceFilter, IdTiebreakOrderingFilter

from .models import (
    PUBLIC_STATES,
    ProcurementMethod,
    SelectionMethod,
    Tender,
    TenderStatus,
)

PUBLIC_STATUS_CHOICES = [
    (value, label) for value, label in TenderStatus.choices if value in PUBLIC_STATES
]
DATE_INPUT = widgets.DateInput()


class TenderListFilterSet(django_filters.FilterSet):
    """The public tender list's filters, shared by the HTML page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    region = CachedModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        method="filter_region",
        empty_label=_("All regions"),
    )
    expertise = CachedModelChoiceFilter(
        label=_("Expertise area"),
        queryset=ExpertiseArea.objects.all(),
        to_field_name="code",
        method="filter_expertise",
        empty_label=_("All expertise areas"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PUBLIC_STATUS_CHOICES, empty_label=_("Any status")
    )
    method = django_filters.ChoiceFilter(
        label=_("Procurement method"),
        field_name="procurement_method",
        choices=ProcurementMethod.choices,
        empty_label=_("Any method"),
    )
    selection = django_filters.ChoiceFilter(
        label=_("Selection method"),
        field_name="selection_method",
        choices=SelectionMethod.choices,
        empty_label=_("Any selection method"),
    )
    budget_min = django_filters.NumberFilter(
        label=_("Budget from, KGS"), field_name="estimated_budget", lookup_expr="gte"
    )
    budget_max = django_filters.NumberFilter(
        label=_("Budget up to, KGS"), field_name="estimated_budget", lookup_expr="lte"
    )
    deadline_after = django_filters.DateFilter(
        label=_("Deadline from"),
        field_name="submission_deadline",
        lookup_expr="date__gte",
        widget=DATE_INPUT,
    )
    deadline_before = django_filters.DateFilter(
        label=_("Deadline until"),
        field_name="submission_deadline",
        lookup_expr="date__lte",
        widget=DATE_INPUT,
    )
    ordering = IdTiebreakOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("published_at", "published"),
            ("submission_deadline", "deadline"),
            ("estimated_budget", "budget"),
        ),
        field_labels={
            "published_at": _("Publication date"),
            "submission_deadline": _("Submission deadline"),
            "estimated_budget": _("Budget"),
        },
    )

    class Meta:
        model = Tender
        fields = ["q", "region", "expertise", "status", "method", "selection"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    # the `value: str` hints tell the API schema that both filters take a code
    def filter_region(self, queryset, name, value: str):
        return queryset.for_region(value)

    def filter_expertise(self, queryset, name, value: str):
        return queryset.with_expertise(value)

    @property
    def qs(self):
        queryset = super().qs
        if not (self.is_bound and self.form.cleaned_data.get("ordering")):
            queryset = queryset.order_by("-published_at", "-id")
        return queryset
