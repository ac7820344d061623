import django_filters
from django.utils.functional import lazy
from django.utils.translation import gettext


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
