"""The red flags read from the precomputed rows: the rules counted day by
day, and the tenders counted once (any flag, late amendments, upheld
complaints, repeated winners) from the records behind them."""

from django.conf import settings
from django.db import connection
from django.db.models import Count

from ..figures.flags import RED_FLAGS
from ..models import NATIONAL_SCOPE, FigureEvent
from .rows import _days, _distinct, _events, scope_of, sums
from .specs import DAILY_FLAGS

EVENT_TABLE = FigureEvent._meta.db_table
FLAGGED_EVENTS = tuple(f"flag:{code}" for code in DAILY_FLAGS)

# the repeated-winner rule over the period's awards of the whole country (a
# municipality's awards are counted wherever the work is): the tenders it
# flags, as a WITH clause
REPEAT_WINNERS = f"""
  WITH a AS MATERIALIZED (
    SELECT subject, group_a, group_b FROM {EVENT_TABLE}
    WHERE scope = %(national)s AND figure = 'award'
      AND day >= %(start)s AND day <= %(end)s),
  buyer AS (SELECT group_a, count(*) AS n FROM a GROUP BY group_a),
  pair AS (SELECT group_a, group_b, count(*) AS n FROM a GROUP BY group_a, group_b),
  repeat AS MATERIALIZED (
    SELECT DISTINCT a.subject FROM a JOIN buyer USING (group_a)
      JOIN pair USING (group_a, group_b)
    WHERE buyer.n >= %(repeat_min)s
      AND pair.n * 100 > buyer.n * %(repeat_share)s)
"""
REPEAT_AWARDS = f"""
  SELECT e.scope, e.subject FROM {EVENT_TABLE} e JOIN repeat r USING (subject)
  WHERE e.scope = ANY(%(scopes)s) AND e.figure = 'award'
    AND e.day >= %(start)s AND e.day <= %(end)s
"""


def _params(period, scopes) -> dict:
    return {
        "national": NATIONAL_SCOPE,
        "start": period.start,
        "end": period.end,
        "scopes": list(scopes),
        "flagged": list(FLAGGED_EVENTS),
        "repeat_min": settings.REPORTS_REPEAT_AWARD_MIN_AWARDS,
        "repeat_share": settings.REPORTS_REPEAT_AWARD_SHARE_PERCENT,
    }


def _per_scope(sql, period, scopes) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(period, scopes))
        found = dict(cursor.fetchall())
    return {scope: found.get(scope, 0) for scope in scopes}


def any_flag_counts(period, scopes) -> dict:
    """{scope: tenders raising at least one red flag in the period}."""
    sql = f"""{REPEAT_WINNERS}
      SELECT scope, count(DISTINCT subject) FROM (
        SELECT scope, subject FROM {EVENT_TABLE}
        WHERE scope = ANY(%(scopes)s) AND day >= %(start)s AND day <= %(end)s
          AND (figure = ANY(%(flagged)s)
            OR (figure IN ('amendment', 'complaint') AND value = 1))
        UNION ALL {REPEAT_AWARDS}
      ) flagged GROUP BY scope"""
    return _per_scope(sql, period, scopes)


def _repeat_winners(period, code) -> int:
    sql = f"""{REPEAT_WINNERS}
      SELECT scope, count(DISTINCT subject) FROM ({REPEAT_AWARDS}) f
      GROUP BY scope"""
    return _per_scope(sql, period, [scope_of(code)])[scope_of(code)]


def flag_counts(period, code) -> dict:
    checked = sums(
        code, [f"checked:{code}" for code in [*DAILY_FLAGS, "repeat_winner"]], period
    )
    flagged = {
        row["figure"].removeprefix("flag:"): row["n"]
        for row in FigureEvent.objects.filter(
            scope=scope_of(code), figure__in=FLAGGED_EVENTS, **_days(period)
        )
        .values("figure")
        .annotate(n=Count("subject", distinct=True))
    }
    counts = {}
    for flag in DAILY_FLAGS:
        counts[flag] = (checked[f"checked:{flag}"][0], flagged.get(flag, 0))
    counts["repeat_winner"] = (
        checked["checked:repeat_winner"][0],
        _repeat_winners(period, code),
    )
    for flag, figure in (
        ("late_amendment", "amendment"),
        ("complaint_upheld", "complaint"),
    ):
        events = _events(code, figure, period)
        counts[flag] = (_distinct(events), _distinct(events.filter(value=1)))
    return {
        "any": any_flag_counts(period, [scope_of(code)])[scope_of(code)],
        "rows": [
            {
                "flag": flag,
                "checked": counts[flag.code][0],
                "flagged": counts[flag.code][1],
            }
            for flag in RED_FLAGS
        ],
    }
