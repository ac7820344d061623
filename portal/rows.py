"""What a row of a long list asks of its model, made cheap.

A registry or tender page renders 20–100 rows; Django's choice labels and
URL reversing cost 10–30 µs a call, several calls a row (~1 ms a page).
"""

from django.urls import get_script_prefix, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

# a number no real id reaches, replaced by the row's id in the reversed URL
_PLACEHOLDER = 987654321987
_url_patterns: dict[tuple, str] = {}


def id_url(name: str, pk) -> str:
    """reverse(name, args=[pk]) for a URL whose only argument is an id: the
    URL is reversed once per name, language and script prefix."""
    key = (name, get_language(), get_script_prefix())
    pattern = _url_patterns.get(key)
    if pattern is None:
        pattern = reverse(name, args=[_PLACEHOLDER])
        if pattern.count(str(_PLACEHOLDER)) != 1:  # pragma: no cover
            return reverse(name, args=[pk])
        _url_patterns[key] = pattern
    return pattern.replace(str(_PLACEHOLDER), str(int(pk)))


class ChoiceLabels:
    """get_<field>_display() from a dictionary of the field's choices built
    once a process (Django's builds it on every call); the labels stay lazy,
    so each reader gets their language."""

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_portal_choice_labels")
        if labels is None:
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            field._portal_choice_labels = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
