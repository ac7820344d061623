import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.filters import expertise_filter
from municipalities.filters import RegionFilterMixin, region_filter

from .models import Certificate, CertificateStatus, CertificationProgramme, Training


class TrainingListFilterSet(RegionFilterMixin, django_filters.FilterSet):
    """The public list of trainings, shared by the HTML page and the API."""

    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]

    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=WHEN_CHOICES,
        method="filter_when",
        empty_label=_("Upcoming and past"),
    )
    region = region_filter()
    online = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=[("true", _("Online")), ("false", _("In person"))],
        method="filter_online",
        empty_label=_("Online and in person"),
    )
    expertise = expertise_filter()

    class Meta:
        model = Training
        fields = ["when", "region", "online", "expertise"]

    def filter_online(self, queryset, name, value):
        return queryset.filter(is_online=value == "true")

    def filter_when(self, queryset, name, value):
        if value == "upcoming":
            return queryset.upcoming()
        if value == "past":
            return queryset.past()
        return queryset


class CertificateListFilterSet(RegionFilterMixin, django_filters.FilterSet):
    """Certificates as academy administrators and coordinators search them."""

    STATUS_CHOICES = CertificateStatus.choices

    q = django_filters.CharFilter(label=_("Number or holder"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=_("Any status"),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Certification programme"),
        queryset=CertificationProgramme.objects.all(),
        empty_label=_("All programmes"),
    )
    region = region_filter()  # the holder's home region

    class Meta:
        model = Certificate
        fields = ["q", "status", "programme", "region"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        """By the status as of today: an active certificate past its date
        is listed as expired even before the daily task records it."""
        today = timezone.localdate()
        if value == CertificateStatus.ACTIVE:
            return queryset.active(today)
        if value == CertificateStatus.EXPIRED:
            return queryset.expired(today)
        return queryset.filter(status=value)
