"""Form widgets that speak the page's language, not the browser's.

Chromium draws `<input type="date">` as mm/dd/yyyy and a file input's button
as "Choose File" in the language of the browser's locale, whatever the page's
`lang`; on a Kyrgyz page that is English. These widgets are plain HTML in the
page's language instead: a text input showing the expected format (the field
parses ISO dates and the locale's own format, DATE_INPUT_FORMATS in
formats/<lang>/formats.py), and a file input whose visible button is a label
in the page's language over the native input, which stays focusable and
keyboard-operable.

The templates live in portal/accounts/templates/portal/widgets/ (the default
form renderer finds templates in installed apps; portal.accounts is the app at
the bottom that every other app may use).
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class _FormatHintMixin:
    input_type = "text"
    template_name = "portal/widgets/date.html"
    format_hint = ""

    def __init__(self, attrs=None, format=None):
        attrs = {"inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        attrs.pop("type", None)  # a native picker would speak the browser's language
        super().__init__(attrs, format or self.iso_format)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        hint = str(self.format_hint)
        widget["attrs"].setdefault("placeholder", hint)
        widget["format_hint"] = hint
        if widget["attrs"].get("id"):
            hint_id = f"{widget['attrs']['id']}_format"
            widget["hint_id"] = hint_id
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described} {hint_id}".strip()
        return context


class DateInput(_FormatHintMixin, forms.DateInput):
    """A date as text, shown as YYYY-MM-DD with the format in the page's
    language beside it ("ЖЖЖЖ-АА-КК", "ГГГГ-ММ-ДД")."""

    iso_format = "%Y-%m-%d"
    format_hint = _("YYYY-MM-DD")


class DateTimeInput(_FormatHintMixin, forms.DateTimeInput):
    """A date and time as text, "YYYY-MM-DD HH:MM" (Bishkek time)."""

    iso_format = "%Y-%m-%d %H:%M"
    format_hint = _("YYYY-MM-DD HH:MM")


class FileInput(forms.ClearableFileInput):
    """A file input whose button and "no file chosen" text are in the page's
    language; the native control is visually hidden but keeps the focus and
    the keyboard (Space or Enter opens the file chooser)."""

    template_name = "portal/widgets/file.html"
    choose_text = _("Choose file")
    choose_files_text = _("Choose files")
    none_chosen_text = _("No file chosen")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        multiple = self.allow_multiple_selected
        widget["choose_text"] = self.choose_files_text if multiple else self.choose_text
        widget["none_chosen_text"] = self.none_chosen_text
        return context


class MultipleFileInput(FileInput):
    allow_multiple_selected = True
