"""Helpers for tests that drive Django's admin like a person with a browser:
read the form a page shows and post it back, changed."""

import re

from django.forms.widgets import CheckboxInput, MultiWidget, SelectMultiple

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
NONCE = re.compile(rb'nonce="[^"]*"')  # the CSP nonce, new on every response
HTMX_CSRF = re.compile(rb'"X-CSRFToken": "[^"]*"')  # htmx's copy of the token


def _field_data(bound_field) -> dict:
    widget = bound_field.field.widget
    while hasattr(widget, "widget"):  # the admin's related-field wrappers
        widget = widget.widget
    value = bound_field.value()
    name = bound_field.html_name
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {
            f"{name}{suffix}": sub.format_value(part) or ""
            for suffix, sub, part in zip(
                widget.widgets_names, widget.widgets, parts, strict=False
            )
        }
    if isinstance(widget, CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, SelectMultiple):
        return {name: [str(v) for v in value or []]}
    return {name: widget.format_value(value) or ""}


def _form_data(form) -> dict:
    data = {}
    for bound_field in form:
        data.update(_field_data(bound_field))
    return data


def form_data(response) -> dict:
    """The POST data of an admin add or change page as it was shown, with its
    inlines."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    data["_save"] = "Save"
    return data


def body_without_tokens(response) -> bytes:
    """A page's body without its CSRF tokens and CSP nonces, to compare two
    responses."""
    return HTMX_CSRF.sub(b"", NONCE.sub(b"", CSRF.sub(b"", response.content)))


def form_errors(response) -> str:
    """What the admin refused, for an assertion message."""
    context = response.context
    if not context or "adminform" not in context:
        return response.content.decode()[:2000]
    errors = [context["adminform"].form.errors.as_text()]
    for inline in context.get("inline_admin_formsets", []):
        errors.append(str(inline.formset.errors))
        errors.append(str(inline.formset.non_form_errors()))
    return "\n".join(errors)
