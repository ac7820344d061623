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
from django.forms.renderers import DjangoTemplates as DjangoTemplatesRenderer
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe
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


# --- Form widgets rendered in Python -----------------------------------------
#
# Django renders every <option> of a drop-down, every checkbox of a list and
# every attribute through the template engine: on the registry that was about
# half the page's rendering time (9 filter widgets, ~100 options). The
# renderer below writes the markup of Django's own widget templates
# (django/forms/templates/django/forms/widgets/) in Python, from the same
# context (Widget.get_context: ids, names, labels, attrs, selected options,
# optgroups), with the same escaping and localization as the templates;
# any other template (a widget of our own, a custom option template) still
# goes through the engine. tests/portal/test_widget_renderer.py renders every
# kind both ways and checks the HTML is identical.

_WIDGETS = "django/forms/widgets/"
_TEMPLATE_CONTEXT = Context()  # the engine's defaults: autoescape, l10n and tz


def _text(value) -> str:
    """{{ value }}: localized and escaped as the template engine does."""
    return render_value_in_context(value, _TEMPLATE_CONTEXT)


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}"""
    text = stringformat(value, "s")
    if isinstance(value, SafeData):
        text = mark_safe(text)  # noqa: S308 - stringformat keeps safe text safe
    return render_value_in_context(text, _TEMPLATE_CONTEXT)


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    """django/forms/widgets/input.html (and the templates that include it)"""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _input_option(option) -> str:
    """django/forms/widgets/input_option.html (input.html and each included
    file end with a newline, which the engine keeps)"""
    if not option.get("wrap_label"):
        return f"{_input(option)}\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)}\n {_text(option['label'])}</label>\n"


def _select_option(option) -> str:
    """django/forms/widgets/select_option.html"""
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


_OPTIONS = {
    _WIDGETS + "select_option.html": _select_option,
    # checkbox_option.html and radio_option.html include input_option.html
    _WIDGETS + "checkbox_option.html": lambda option: _input_option(option) + "\n",
    _WIDGETS + "radio_option.html": lambda option: _input_option(option) + "\n",
    _WIDGETS + "input_option.html": _input_option,
}


def _option(option) -> str:
    return _OPTIONS[option["template_name"]](option)


def _known_options(widget) -> bool:
    return all(
        option["template_name"] in _OPTIONS
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


def _select(widget) -> str:
    """django/forms/widgets/select.html"""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget) -> str:
    """django/forms/widgets/multiple_input.html (checkboxes, radio buttons)"""
    widget_id = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_text(widget_id)}"' if widget_id else "",
        f' class="{_text(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _textarea(widget) -> str:
    """django/forms/widgets/textarea.html"""
    value = _text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


# the templates that are input.html and nothing else
_INPUT_TEMPLATES = (
    "input",
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
)
_PYTHON_TEMPLATES = {
    _WIDGETS + "select.html": (_select, True),
    _WIDGETS + "checkbox_select.html": (_multiple_input, True),
    _WIDGETS + "radio.html": (_multiple_input, True),
    _WIDGETS + "multiple_input.html": (_multiple_input, True),
    _WIDGETS + "textarea.html": (_textarea, False),
    **{f"{_WIDGETS}{kind}.html": (_input, False) for kind in _INPUT_TEMPLATES},
}


class FastWidgetRenderer(DjangoTemplatesRenderer):
    """The default form renderer, with Django's own widget templates written
    in Python (FORM_RENDERER in settings)."""

    def render(self, template_name, context, request=None):
        python = _PYTHON_TEMPLATES.get(template_name)
        widget = context.get("widget") if python else None
        if widget is not None and (not python[1] or _known_options(widget)):
            return mark_safe(python[0](widget))  # noqa: S308 - every text is escaped
        return super().render(template_name, context, request=request)
