"""Contact details as links: every phone a ``tel:`` link (shown in the
international format), every email a ``mailto:`` link."""

from django import template
from django.utils.html import format_html

from municipalities.phones import international, parse_phone

register = template.Library()


@register.filter
def phone_link(value, empty="—"):
    """<a href="tel:+996555123456">+996 555 123 456</a>; a number that cannot
    be dialled is shown as stored, without a link."""
    if value in (None, ""):
        return empty
    number = parse_phone(value)
    if number is None:
        return str(value)
    return format_html(
        '<a href="tel:{}" class="tel">{}</a>', number.as_e164, international(number)
    )


@register.filter
def email_link(value, empty="—"):
    if not value:
        return empty
    return format_html('<a href="mailto:{}">{}</a>', value, value)
