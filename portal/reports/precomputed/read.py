"""The report's figures read from the precomputed tables: the same dicts the
live figures (portal/reports/figures) give, summing the rows of the
period's days for the scope (a few hundred rows a figure), so a report's
cost does not grow with the tenders, bids and consultants. A report reads
them all at once (ReportFigures); these read one part each."""

from municipalities.models import Municipality

from ..figures.coverage import GAP_ORDERINGS, municipalities_of
from ..models import FigureEvent
from ..periods import Period
from .bundle import ReportFigures
from .rows import scope_of


def network(period, code) -> dict:
    return ReportFigures(period, code).network()


def coverage(code) -> dict:
    return ReportFigures(Period.default(), code).coverage()


def coverage_gaps(code, ordering: str = "name"):
    """The municipalities nobody served at the refresh, in the live list's
    orders (figures.coverage.GAP_ORDERINGS)."""
    gaps = FigureEvent.objects.filter(
        scope=scope_of(code), figure="gap", day__isnull=True
    ).values("subject")
    order = GAP_ORDERINGS.get(ordering, GAP_ORDERINGS["name"])
    return (
        municipalities_of(code)
        .filter(pk__in=gaps)
        .select_related("region", "district")
        .order_by(*order)
    )


def is_gap(municipality: Municipality) -> bool:
    return FigureEvent.objects.filter(
        scope=municipality.region_id, figure="gap", subject=municipality.pk
    ).exists()


def training_rows(period, code) -> list:
    """The trainings that started in the period, with their registry
    participants and completers as of the refresh."""
    return ReportFigures(period, code).training_rows()


def trainings(period, code, today) -> dict:
    """Trainings held and their completion (judged for trainings that are
    over), and certificates."""
    return ReportFigures(period, code, today=today).trainings()


def tenders(period, code) -> dict:
    return ReportFigures(period, code).tenders()


def flag_counts(period, code) -> dict:
    return ReportFigures(period, code).flag_counts()


def trends(period, code) -> dict:
    """The trend's quarters, summed from the days."""
    return ReportFigures(period, code).trends()


def region_figures(period, regions) -> list[dict]:
    """For each region: members, municipalities, the share served, tenders
    published in the period and tenders raising a red flag."""
    return ReportFigures(period, None, regions=regions).region_figures()
