from django import template
from django.utils.formats import date_format, number_format

from portal.reports.tables import DATE, INTEGER, MONEY, NUMBER, PERCENT

register = template.Library()


@register.filter
def cell(value, kind):
    """A table value as the reader expects it in their language."""
    if value is None or value == "":
        return "—"
    if kind == INTEGER:
        return number_format(value, 0, force_grouping=True)
    if kind == MONEY:
        return number_format(value, 0, force_grouping=True)
    if kind == NUMBER:
        return number_format(value, 1, force_grouping=True)
    if kind == PERCENT:
        return number_format(value, 1, force_grouping=True) + " %"
    if kind == DATE:
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.filter
def numeric(kind) -> bool:
    return kind in (INTEGER, MONEY, NUMBER, PERCENT)
