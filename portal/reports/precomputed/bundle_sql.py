"""The one statement that reads every precomputed figure a report needs
(issue 16: a report page made 40 queries, one a figure and eight for the
red flags of the trend's quarters). Each part of the UNION ALL is tagged
and picked apart by ReportFigures (bundle.py); every part reads the
tables through their (scope, figure, day) indexes.

A period's figures are sums of its days, tenders and consultants counted
once (whatever the number of their days or flags), medians, and the
repeated-winner rule over the awards of the whole country: read at request
time, each grows with the period's records. The refresh counts all of them
for every quarter and year and the default period (COUNT_SUMS_SQL,
COUNT_FLAGS_SQL, COUNT_ONCE_SQL), so the report of such a period reads a
few rows (~10 ms nationally at scale 1); a custom period's report finds its
own from the days and events (~100 ms nationally)."""

from trainings.models import Training

from ..models import Figure, FigureEvent, FiguresRefresh

FIGURES = Figure._meta.db_table
EVENTS = FigureEvent._meta.db_table
REFRESHES = FiguresRefresh._meta.db_table
TRAININGS = Training._meta.db_table


def flag_ctes(buckets: str, scopes: str) -> str:
    """The CTEs that find the tenders raising a red flag in each bucket of
    the CTE `buckets` (b_name, b_start, b_end): `repeat` (the repeated-winner
    rule over each bucket's awards of the whole country) and `flagged`
    (bucket, scope, tender, and whether the repeated-winner rule flags it),
    in the scopes the array `scopes` gives for a bucket `b`. The report's
    reader runs them for the buckets the refresh did not count (a custom
    period), the refresh for every quarter and year."""
    return f"""
a AS MATERIALIZED (
  SELECT b.b_name, b.b_start, e.subject, e.group_a, e.group_b
  FROM {EVENTS} e JOIN {buckets} b ON e.day >= b.b_start AND e.day <= b.b_end
  WHERE e.scope = %(national)s AND e.figure = 'award'),
buyer AS (
  SELECT b_name, b_start, group_a, count(*) AS n FROM a
  GROUP BY b_name, b_start, group_a),
pair AS (
  SELECT b_name, b_start, group_a, group_b, count(*) AS n FROM a
  GROUP BY b_name, b_start, group_a, group_b),
repeat AS MATERIALIZED (
  SELECT DISTINCT a.b_name, a.b_start, a.subject FROM a
    JOIN buyer USING (b_name, b_start, group_a)
    JOIN pair USING (b_name, b_start, group_a, group_b)
  WHERE buyer.n >= %(repeat_min)s AND pair.n * 100 > buyer.n * %(repeat_share)s),
flagged AS MATERIALIZED (
  SELECT b.b_name, b.b_start, e.scope, e.subject, false AS repeated
  FROM {buckets} b CROSS JOIN LATERAL unnest({scopes}) AS s(scope)
    JOIN {EVENTS} e ON e.scope = s.scope
      AND e.figure = ANY(%(flagged)s || ARRAY['amendment', 'complaint'])
      AND e.day >= b.b_start AND e.day <= b.b_end
  WHERE e.figure = ANY(%(flagged)s) OR e.value = 1
  UNION ALL
  SELECT b.b_name, b.b_start, e.scope, e.subject, true
  FROM {buckets} b CROSS JOIN LATERAL unnest({scopes}) AS s(scope)
    JOIN {EVENTS} e ON e.scope = s.scope AND e.figure = 'award'
      AND e.day >= b.b_start AND e.day <= b.b_end
  WHERE (b.b_name, b.b_start, e.subject) IN (
    SELECT b_name, b_start, subject FROM repeat))"""


# the Figure rows the refresh writes for each bucket it counts (a bucket's
# name there is its key, bundle.bucket_key): the sums of each figure's days,
# the tenders raising any flag
# and the repeated-winner rule's, by scope (no row: none); the tenders and
# consultants of each event figure counted once (n; amount: those whose
# value is 1) and their median value; and a mark that the bucket was counted
FLAGGED = "flagged:"
REPEAT_WINNERS = "repeat_winner:"
SUM = "sum:"  # sum:<figure>@<key>
ONCE = "once:"  # once:<figure>@<key>
MEDIAN = "median:"  # median:<figure>@<key>
COUNTED = "counted:"

BUCKETS = """buckets AS (
  SELECT * FROM unnest(%(b_names)s::text[], %(b_starts)s::date[],
                       %(b_ends)s::date[]) AS b(b_name, b_start, b_end))"""

COUNT_FLAGS_SQL = f"""
WITH {BUCKETS},
{flag_ctes("buckets", "%(scopes)s::varchar[]")}
INSERT INTO {FIGURES} (scope, figure, n)
SELECT scope, '{FLAGGED}' || b_name, count(DISTINCT subject)
FROM flagged GROUP BY scope, b_name
UNION ALL
SELECT scope, '{REPEAT_WINNERS}' || b_name, count(DISTINCT subject)
FROM flagged WHERE repeated GROUP BY scope, b_name
UNION ALL
SELECT %(national)s, '{COUNTED}' || b_name, 0 FROM buckets
"""

COUNT_SUMS_SQL = f"""
WITH {BUCKETS},
pairs AS (SELECT DISTINCT scope, figure FROM {FIGURES} WHERE day IS NOT NULL)
INSERT INTO {FIGURES} (scope, figure, n, amount)
SELECT p.scope, '{SUM}' || p.figure || '@' || b.b_name, s.n, s.amount
FROM buckets b CROSS JOIN pairs p
  CROSS JOIN LATERAL (
    SELECT sum(f.n) AS n, sum(f.amount) AS amount FROM {FIGURES} f
    WHERE f.scope = p.scope AND f.figure = p.figure
      AND f.day >= b.b_start AND f.day <= b.b_end) s
WHERE s.n IS NOT NULL
"""

COUNT_ONCE_SQL = f"""
WITH {BUCKETS},
once AS (
  SELECT s.scope, f.figure, b.b_name, count(DISTINCT e.subject) AS n,
         count(DISTINCT e.subject) FILTER (WHERE e.value = 1) AS n_one,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY e.value) AS median
  FROM buckets b CROSS JOIN unnest(%(scopes)s::varchar[]) AS s(scope)
    CROSS JOIN unnest(%(events)s::varchar[]) AS f(figure)
    JOIN {EVENTS} e ON e.scope = s.scope AND e.figure = f.figure
      AND e.day >= b.b_start AND e.day <= b.b_end
  GROUP BY s.scope, f.figure, b.b_name)
INSERT INTO {FIGURES} (scope, figure, n, amount)
SELECT scope, '{ONCE}' || figure || '@' || b_name, n, n_one FROM once
UNION ALL
SELECT scope, '{MEDIAN}' || figure || '@' || b_name, 0, median FROM once
WHERE median IS NOT NULL
"""

# the report's scope, and the regions of its regions' table in the period
REPORT_SCOPES = """CASE WHEN b.b_name = 'period'
    THEN array_prepend(%(scope)s::varchar, %(regions)s::varchar[])
    ELSE ARRAY[%(scope)s::varchar] END"""

# columns of every part: part, scope, key, day, a, b, c, at
REPORT_SQL = f"""
WITH buckets AS (
  SELECT * FROM unnest(%(b_names)s::text[], %(b_starts)s::date[],
                       %(b_ends)s::date[], %(b_keys)s::text[])
    AS b(b_name, b_start, b_end, b_key)),
-- the buckets whose flagged tenders the refresh counted (every quarter and
-- year, and the default period of the refresh's day) ...
counted AS MATERIALIZED (
  SELECT b.* FROM buckets b WHERE EXISTS (
    SELECT FROM {FIGURES} f WHERE f.scope = %(national)s
      AND f.figure = '{COUNTED}' || b.b_key AND f.day IS NULL)),
-- ... and the others, found here (the events of the report's scope, and of
-- the regions of the regions' table in the period)
live AS (
  SELECT b_name, b_start, b_end FROM buckets
  WHERE b_key NOT IN (SELECT b_key FROM counted)),
{flag_ctes("live", REPORT_SCOPES)}
-- figures as of the refresh: the scope's, and a few of each region's
SELECT 'now' AS part, scope, figure AS key, NULL::date AS day,
       sum(n)::numeric AS a, sum(amount) AS b, NULL::float8 AS c,
       NULL::timestamptz AS at
FROM {FIGURES}
WHERE day IS NULL AND ((scope = %(scope)s AND figure = ANY(%(now)s))
  OR (scope = ANY(%(regions)s) AND figure = ANY(%(region_now)s)))
GROUP BY scope, figure
UNION ALL
-- the period's days: summed by the refresh, or here
SELECT 'period', p.scope, p.figure, NULL, f.n, f.amount, NULL, NULL
FROM counted b
  JOIN unnest(%(p_scopes)s::varchar[], %(p_figures)s::varchar[]) AS p(scope, figure)
    ON b.b_name = 'period'
  JOIN {FIGURES} f ON f.scope = p.scope AND f.day IS NULL
    AND f.figure = '{SUM}' || p.figure || '@' || b.b_key
UNION ALL
SELECT 'period', scope, figure, NULL, sum(n), sum(amount), NULL, NULL
FROM {FIGURES}
WHERE day >= %(start)s AND day <= %(end)s
  AND ((scope = %(scope)s AND figure = ANY(%(period)s))
    OR (scope = ANY(%(regions)s) AND figure = 'published'))
  AND NOT EXISTS (SELECT FROM counted WHERE b_name = 'period')
GROUP BY scope, figure
UNION ALL
-- certificates expiring soon
SELECT 'expiring', scope, figure, NULL, sum(n), sum(amount), NULL, NULL
FROM {FIGURES}
WHERE scope = %(scope)s AND figure = 'certificate_expires'
  AND day >= %(expiry_start)s AND day <= %(expiry_end)s
GROUP BY scope, figure
UNION ALL
-- the trend's quarters: summed by the refresh, or here
SELECT 'quarter', f.scope, t.figure, b.b_start, f.n, NULL, NULL, NULL
FROM counted b CROSS JOIN unnest(%(trend)s::varchar[]) AS t(figure)
  JOIN {FIGURES} f ON f.scope = %(scope)s AND f.day IS NULL
    AND f.figure = '{SUM}' || t.figure || '@' || b.b_key
WHERE b.b_name = 'quarter'
UNION ALL
SELECT 'quarter', scope, figure, date_trunc('quarter', day)::date, sum(n), NULL, NULL,
       NULL
FROM {FIGURES}
WHERE scope = %(scope)s AND figure = ANY(%(trend)s)
  AND day >= %(trend_start)s AND day <= %(trend_end)s
  AND NOT EXISTS (SELECT FROM counted c WHERE c.b_name = 'quarter'
    AND c.b_start = date_trunc('quarter', day)::date)
GROUP BY scope, figure, 4
UNION ALL
-- tenders and consultants counted once, medians: as the refresh counted
-- them for the period, or found here
SELECT 'event', f.scope, e.figure, NULL, f.n, f.amount, m.amount::float8, NULL
FROM counted b CROSS JOIN unnest(%(events)s::varchar[]) AS e(figure)
  JOIN {FIGURES} f ON f.scope = %(scope)s AND f.day IS NULL
    AND f.figure = '{ONCE}' || e.figure || '@' || b.b_key
  LEFT JOIN {FIGURES} m ON m.scope = f.scope AND m.day IS NULL
    AND m.figure = '{MEDIAN}' || e.figure || '@' || b.b_key
WHERE b.b_name = 'period'
UNION ALL
SELECT 'event', scope, figure, NULL, count(DISTINCT subject),
       count(DISTINCT subject) FILTER (WHERE value = 1),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY value), NULL
FROM {EVENTS}
WHERE scope = %(scope)s AND figure = ANY(%(events)s)
  AND day >= %(start)s AND day <= %(end)s
  AND NOT EXISTS (SELECT FROM counted WHERE b_name = 'period')
GROUP BY scope, figure
UNION ALL
-- trainings that started in the period or the trend's quarters
SELECT 'training', scope, NULL, day, subject, group_a, value, NULL
FROM {EVENTS}
WHERE scope = %(scope)s AND figure = 'training'
  AND day >= %(training_start)s AND day <= %(trend_end)s
UNION ALL
-- those of the period: how many, their other participants and registry
-- participants; of those over, the registry participants and completers
SELECT 'held', e.scope, NULL, NULL, count(*),
       coalesce(sum(t.external_participant_count), 0), coalesce(sum(e.value), 0),
       NULL
FROM {EVENTS} e JOIN {TRAININGS} t ON t.id = e.subject
WHERE e.scope = %(scope)s AND e.figure = 'training'
  AND e.day >= %(start)s AND e.day <= %(end)s
GROUP BY e.scope
UNION ALL
SELECT 'ended', e.scope, NULL, NULL, coalesce(sum(e.value), 0),
       coalesce(sum(e.group_a), 0), NULL, NULL
FROM {EVENTS} e JOIN {TRAININGS} t ON t.id = e.subject
WHERE e.scope = %(scope)s AND e.figure = 'training'
  AND e.day >= %(start)s AND e.day <= %(end)s AND t.end_date < %(today)s
GROUP BY e.scope
UNION ALL
-- tenders raising at least one red flag, a bucket and a scope
SELECT 'any', scope, b_name, b_start, count(DISTINCT subject), NULL, NULL, NULL
FROM flagged GROUP BY scope, b_name, b_start
UNION ALL
SELECT 'any', f.scope, b.b_name, b.b_start, f.n, NULL, NULL, NULL
FROM counted b CROSS JOIN LATERAL unnest({REPORT_SCOPES}) AS s(scope)
  JOIN {FIGURES} f ON f.scope = s.scope AND f.day IS NULL
    AND f.figure = '{FLAGGED}' || b.b_key
UNION ALL
-- the repeated-winner rule's tenders in the period
SELECT 'repeat', scope, NULL, NULL, count(DISTINCT subject), NULL, NULL, NULL
FROM flagged WHERE repeated AND b_name = 'period' AND scope = %(scope)s
GROUP BY scope
UNION ALL
SELECT 'repeat', f.scope, NULL, NULL, f.n, NULL, NULL, NULL
FROM counted c JOIN {FIGURES} f ON f.figure = '{REPEAT_WINNERS}' || c.b_key
WHERE f.day IS NULL AND c.b_name = 'period' AND f.scope = %(scope)s
UNION ALL
SELECT 'as_of', NULL, NULL, NULL, NULL, NULL, NULL, max(finished_at) FROM {REFRESHES}
"""
