import django_filters
from django.utils.functional import lazy
from django.utils.translation import gettext

from .choices import CachedModelChoiceField, remember_sql, watch


def _descending(label) -> str:
    return gettext("%s (descending)") % label


descending_label = lazy(_descending, str)


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's OrderingFilter builds its "(descending)" labels once, in
    the language active when the module is imported; these stay lazy, so each
    reader sees them in their own language."""

    def build_choices(self, fields, labels):
        ascending = [
            (param, labels.get(field, param)) for field, param in fields.items()
        ]
        choices = []
        for param, label in ascending:
            choices.append((param, label))
            choices.append(
                (f"-{param}", labels.get(f"-{param}", descending_label(label)))
            )
        return choices


class IdTiebreakOrderingFilter(OrderingFilter):
    """One sort at a time, then the id in the same direction: the order of a
    (field, id) index, so ORDER BY … LIMIT reads a page off the index and
    rows with equal values keep a stable order between pages."""

    def filter(self, qs, value):
        if not value:
            return qs
        field = self.get_ordering_value(value[0])
        return qs.order_by(field, "-id" if field.startswith("-") else "id")


class CachedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose drop-down is cached (portal.choices) until a
    row of its model changes."""

    field_class = CachedModelChoiceField

    def __init__(self, *args, queryset=None, **kwargs):
        if queryset is not None and hasattr(queryset, "model"):
            watch(queryset.model)
            remember_sql(queryset)
        super().__init__(*args, queryset=queryset, **kwargs)
