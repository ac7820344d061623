"""Rebuilding the precomputed figures: one transaction that empties the
tables and counts every figure again from the live rules (specs.py)."""

import time

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from municipalities.models import Region

from ..models import NATIONAL_SCOPE, Figure, FigureEvent, FiguresRefresh
from ..periods import Period, quarter_of
from .bundle import EVENT_FIGURES, FLAGGED_EVENTS, bucket_key
from .bundle_sql import COUNT_FLAGS_SQL, COUNT_ONCE_SQL, COUNT_SUMS_SQL
from .specs import DAILY, EVENTS, SNAPSHOT

# the regions of a record, and the whole country once
SCOPES = "unnest(q.r_codes || ARRAY[%s]::varchar[])"
REGIONS_ONLY = "unnest(q.r_codes)"


def _scopes(spec) -> tuple[str, list]:
    return (SCOPES, [NATIONAL_SCOPE]) if spec.national else (REGIONS_ONLY, [])


def _insert_figures(cursor, spec) -> None:
    sql, params = spec.queryset().query.sql_with_params()
    scopes, scope_params = _scopes(spec)
    cursor.execute(
        f"""INSERT INTO {Figure._meta.db_table} (scope, figure, day, n, amount)
        SELECT s.scope, q.r_figure, q.r_day::date, count(*), sum(q.r_amount::numeric)
        FROM ({sql}) q CROSS JOIN LATERAL {scopes} AS s(scope)
        WHERE s.scope IS NOT NULL
        GROUP BY s.scope, q.r_figure, q.r_day::date""",
        [*params, *scope_params],
    )


def _insert_events(cursor, spec) -> None:
    sql, params = spec.queryset().query.sql_with_params()
    scopes, scope_params = _scopes(spec)
    cursor.execute(
        f"""INSERT INTO {FigureEvent._meta.db_table}
            (scope, figure, day, subject, value, group_a, group_b)
        SELECT DISTINCT s.scope, q.r_figure, q.r_day::date, q.r_subject,
            q.r_value::float8, q.r_a::bigint, q.r_b::bigint
        FROM ({sql}) q CROSS JOIN LATERAL {scopes} AS s(scope)
        WHERE s.scope IS NOT NULL""",
        [*params, *scope_params],
    )


def counted_spans(first, last, today) -> list[Period]:
    """The spans the refresh counts the figures of that are not sums of
    days: every quarter and year from `first` to `last` (or today), and the
    default period."""
    first, last = first or today, max(last or today, today)
    spans = [Period.default(today)]
    spans += [Period.year(year) for year in range(first.year, last.year + 1)]
    year, quarter = quarter_of(first)
    while (year, quarter) <= quarter_of(last):
        spans.append(Period.quarter(year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    # on 31 December the default period is the year: each span once (a span
    # twice would count its awards twice in the repeated-winner rule)
    return list({(span.start, span.end): span for span in spans}.values())


def _count_spans(cursor) -> None:
    """For each quarter, year and the default period, by scope: the sum of
    each figure's days (COUNT_SUMS_SQL), the tenders raising a red flag
    (COUNT_FLAGS_SQL), and the tenders and consultants of each event figure
    counted once with their median (COUNT_ONCE_SQL). A
    report of such a period reads them as they are; a custom period's report
    finds its own. Read from the events counted just before."""
    # from the first day anything was counted (certificates may expire
    # years ahead: the last is the last event's, or today)
    cursor.execute(
        f"""SELECT least(min(e.day), (SELECT min(day) FROM {Figure._meta.db_table})),
            max(e.day)
        FROM {FigureEvent._meta.db_table} e
        WHERE e.scope = %s AND e.figure = ANY(%s)""",
        [NATIONAL_SCOPE, EVENT_FIGURES],
    )
    first, last = cursor.fetchone()
    spans = counted_spans(first, last, timezone.localdate())
    params = {
        "national": NATIONAL_SCOPE,
        "scopes": [NATIONAL_SCOPE, *Region.objects.values_list("code", flat=True)],
        "b_names": [bucket_key(span.start, span.end) for span in spans],
        "b_starts": [span.start for span in spans],
        "b_ends": [span.end for span in spans],
        "repeat_min": settings.REPORTS_REPEAT_AWARD_MIN_AWARDS,
        "repeat_share": settings.REPORTS_REPEAT_AWARD_SHARE_PERCENT,
        "flagged": FLAGGED_EVENTS,
        "events": EVENT_FIGURES,
    }
    cursor.execute(COUNT_SUMS_SQL, params)
    cursor.execute(COUNT_FLAGS_SQL, params)
    cursor.execute(COUNT_ONCE_SQL, params)


def refresh() -> FiguresRefresh:
    """Count every figure again; readers see the previous figures until the
    new ones are committed. Returns the refresh's record."""
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        # one refresh at a time (beat and the command may meet)
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('report figures'))")
        Figure.objects.all().delete()
        FigureEvent.objects.all().delete()
        for spec in DAILY + SNAPSHOT:
            _insert_figures(cursor, spec)
        for spec in EVENTS:
            _insert_events(cursor, spec)
        _count_spans(cursor)
        # the readers' plans need the new rows' statistics
        cursor.execute(f"ANALYZE {Figure._meta.db_table}")
        cursor.execute(f"ANALYZE {FigureEvent._meta.db_table}")
        done = FiguresRefresh.objects.create(
            finished_at=timezone.now(), seconds=round(time.monotonic() - started, 2)
        )
        FiguresRefresh.objects.exclude(pk=done.pk).delete()
    return done
