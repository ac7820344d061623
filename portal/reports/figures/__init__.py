"""Every figure of the reports, computed by the database: aggregations with
filtered counts, a constant number of queries whatever the amount of data.

A figure takes the period and a region code (None: the whole country)."""

from .coverage import coverage, coverage_gaps, served_q
from .flags import RED_FLAGS, flag_counts, flagged_tenders
from .network import network
from .regions import region_figures
from .tenders import tenders
from .trainings import trainings
from .trends import trends

__all__ = [
    "RED_FLAGS",
    "coverage",
    "coverage_gaps",
    "flag_counts",
    "flagged_tenders",
    "network",
    "region_figures",
    "served_q",
    "tenders",
    "trainings",
    "trends",
]
