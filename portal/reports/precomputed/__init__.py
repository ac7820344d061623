"""The reports' figures counted ahead (issue 16): `refresh()` rebuilds them
(Celery beat, `manage.py refresh_report_figures`), the readers give the
report the same dicts as the live figures."""

from .bundle import ReportFigures
from .read import (
    coverage,
    coverage_gaps,
    flag_counts,
    is_gap,
    network,
    region_figures,
    tenders,
    training_rows,
    trainings,
    trends,
)
from .refresh import refresh
from .rows import as_of

__all__ = [
    "ReportFigures",
    "as_of",
    "coverage",
    "coverage_gaps",
    "flag_counts",
    "is_gap",
    "network",
    "refresh",
    "region_figures",
    "tenders",
    "training_rows",
    "trainings",
    "trends",
]
