from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

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
