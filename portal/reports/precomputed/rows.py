"""Reading the precomputed rows: sums of a figure's days for a scope, the
records behind a figure, and as of when."""

from django.db.models import Count, Sum

from ..figures.sql import Median
from ..models import NATIONAL_SCOPE, Figure, FigureEvent, FiguresRefresh


def scope_of(code) -> str:
    return code or NATIONAL_SCOPE


def as_of():
    """When the figures were counted (None: never yet)."""
    last = FiguresRefresh.objects.order_by("-finished_at").first()
    return last.finished_at if last else None


def _days(period):
    return {"day__gte": period.start, "day__lte": period.end}


def sums(code, names, period=None, start=None, end=None) -> dict:
    """{figure: (count, sum)} over the period's days, or as of the refresh
    (no period); a figure without rows is (0, None)."""
    rows = Figure.objects.filter(scope=scope_of(code), figure__in=list(names))
    if period is not None:
        rows = rows.filter(**_days(period))
    elif start is not None:
        rows = rows.filter(day__gte=start, day__lte=end)
    else:
        rows = rows.filter(day__isnull=True)
    found = {
        row["figure"]: (row["n"], row["amount"])
        for row in rows.values("figure").annotate(n=Sum("n"), amount=Sum("amount"))
    }
    return {name: found.get(name, (0, None)) for name in names}


def _events(code, figure, period):
    return FigureEvent.objects.filter(
        scope=scope_of(code), figure=figure, **_days(period)
    )


def _distinct(events) -> int:
    return events.aggregate(n=Count("subject", distinct=True))["n"]


def _median(code, figure, period):
    return _events(code, figure, period).aggregate(m=Median("value"))["m"]
