"""Small SQL building blocks PostgreSQL has and Django does not name."""

from django.conf import settings
from django.db.models import Aggregate, DateField, FloatField, Func, IntegerField, Value


class Median(Aggregate):
    """The median (continuous percentile 0.5); NULL over no rows."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class Days(Func):
    """The length of an interval in days, with fractions."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) / 86400.0)"
    output_field = FloatField()


class DateDiff(Func):
    """date - date: whole days (PostgreSQL gives an integer)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


def share(part, whole) -> float | None:
    """part / whole as a percentage, None when there is no whole."""
    if not whole:
        return None
    return round(100.0 * float(part or 0) / float(whole), 1)


class LocalDate(Func):
    """The Bishkek date of a timestamp (works on outer references too)."""

    arg_joiner = " AT TIME ZONE "
    template = "(%(expressions)s)::date"
    output_field = DateField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(settings.TIME_ZONE), **extra)
