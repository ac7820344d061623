"""Rebuilding the precomputed figures: one transaction that empties the
tables and counts every figure again from the live rules (specs.py)."""

import time

from django.db import connection, transaction
from django.utils import timezone

from ..models import NATIONAL_SCOPE, Figure, FigureEvent, FiguresRefresh
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
        # the readers' plans need the new rows' statistics
        cursor.execute(f"ANALYZE {Figure._meta.db_table}")
        cursor.execute(f"ANALYZE {FigureEvent._meta.db_table}")
        done = FiguresRefresh.objects.create(
            finished_at=timezone.now(), seconds=round(time.monotonic() - started, 2)
        )
        FiguresRefresh.objects.exclude(pk=done.pk).delete()
    return done
