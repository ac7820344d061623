from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from portal.stylesheet import stylesheet as stylesheet_for

register = template.Library()

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the same page in every language (work without JavaScript)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES.get(code, code),
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _ in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current list URL with another page number, keeping the filters."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms):
    """The GOV.UK error summary: every error of the given forms and formsets at
    the top of the page, each linking to its field. Put it first in <main>."""
    errors = []
    for form in forms:
        if form is None:
            continue
        members = getattr(form, "forms", None)
        if members is not None:  # a formset
            errors += [{"message": e} for e in form.non_form_errors()]
            for member in members:
                errors += _form_errors(member)
        else:
            errors += _form_errors(form)
    return {"errors": errors}


def _form_errors(form):
    found = [{"message": e} for e in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            found.append(
                {"message": message, "label": field.label, "anchor": _anchor(field)}
            )
    return found


def _anchor(field) -> str:
    """Where an error's link lands. A list of checkboxes or radio buttons has
    no single control its label points at (Django leaves `id_for_label` empty
    for them), so the link goes to the first option, as GOV.UK does, or to the
    list's container when there are no options."""
    if field.id_for_label:
        return field.id_for_label
    for option in field.subwidgets:
        if option.id_for_label:
            return option.id_for_label
    return field.auto_id or ""


@register.inclusion_tag("includes/stylesheet.html", takes_context=True)
def stylesheet(context, name="css/portal.css"):
    """The page's stylesheet: inline (with a prefetch of the file) on a
    browser's first page, a link afterwards (portal/stylesheet.py)."""
    return stylesheet_for(context.get("request"), name)
