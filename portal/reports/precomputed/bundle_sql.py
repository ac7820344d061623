"""The one statement that reads every precomputed figure a report needs
(issue 16: a report page made 40 queries, one a figure and eight for the
red flags of the trend's quarters). Each part of the UNION ALL is tagged
and picked apart by ReportFigures (bundle.py); every part reads the
tables through their (scope, figure, day) indexes."""

from ..models import Figure, FigureEvent, FiguresRefresh

FIGURES = Figure._meta.db_table
EVENTS = FigureEvent._meta.db_table
REFRESHES = FiguresRefresh._meta.db_table

# columns of every part: part, scope, key, day, a, b, c, at
REPORT_SQL = f"""
WITH buckets AS (
  SELECT * FROM unnest(%(b_names)s::text[], %(b_starts)s::date[],
                       %(b_ends)s::date[]) AS b(b_name, b_start, b_end)),
-- the repeated-winner rule over each bucket's awards of the whole country
a AS MATERIALIZED (
  SELECT b.b_name, b.b_start, e.subject, e.group_a, e.group_b
  FROM {EVENTS} e JOIN buckets b ON e.day >= b.b_start AND e.day <= b.b_end
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
-- the events of the report's scope in each bucket (and of the regions of
-- the regions' table in the period)
scoped AS MATERIALIZED (
  SELECT b.b_name, b.b_start, e.scope, e.figure, e.subject, e.value
  FROM {EVENTS} e JOIN buckets b ON e.day >= b.b_start AND e.day <= b.b_end
  WHERE (e.scope = %(scope)s
      OR (b.b_name = 'period' AND e.scope = ANY(%(regions)s)))
    AND (e.figure = ANY(%(flagged)s)
      OR e.figure IN ('amendment', 'complaint', 'award'))),
flagged AS (
  SELECT b_name, b_start, scope, subject FROM scoped
  WHERE figure = ANY(%(flagged)s)
    OR (figure IN ('amendment', 'complaint') AND value = 1)
  UNION ALL
  SELECT s.b_name, s.b_start, s.scope, s.subject FROM scoped s
    JOIN repeat r USING (b_name, b_start, subject)
  WHERE s.figure = 'award')
-- figures as of the refresh: the scope's, and a few of each region's
SELECT 'now' AS part, scope, figure AS key, NULL::date AS day,
       sum(n)::numeric AS a, sum(amount) AS b, NULL::float8 AS c,
       NULL::timestamptz AS at
FROM {FIGURES}
WHERE day IS NULL AND ((scope = %(scope)s AND figure = ANY(%(now)s))
  OR (scope = ANY(%(regions)s) AND figure = ANY(%(region_now)s)))
GROUP BY scope, figure
UNION ALL
-- the period's days
SELECT 'period', scope, figure, NULL, sum(n), sum(amount), NULL, NULL
FROM {FIGURES}
WHERE day >= %(start)s AND day <= %(end)s
  AND ((scope = %(scope)s AND figure = ANY(%(period)s))
    OR (scope = ANY(%(regions)s) AND figure = 'published'))
GROUP BY scope, figure
UNION ALL
-- certificates expiring soon
SELECT 'expiring', scope, figure, NULL, sum(n), sum(amount), NULL, NULL
FROM {FIGURES}
WHERE scope = %(scope)s AND figure = 'certificate_expires'
  AND day >= %(expiry_start)s AND day <= %(expiry_end)s
GROUP BY scope, figure
UNION ALL
-- the trend's quarters
SELECT 'quarter', scope, figure, date_trunc('quarter', day)::date, sum(n), NULL, NULL,
       NULL
FROM {FIGURES}
WHERE scope = %(scope)s AND figure = ANY(%(trend)s)
  AND day >= %(trend_start)s AND day <= %(trend_end)s
GROUP BY scope, figure, 4
UNION ALL
-- tenders and consultants counted once, medians
SELECT 'event', scope, figure, NULL, count(DISTINCT subject),
       count(DISTINCT subject) FILTER (WHERE value = 1),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY value), NULL
FROM {EVENTS}
WHERE scope = %(scope)s AND figure = ANY(%(events)s)
  AND day >= %(start)s AND day <= %(end)s
GROUP BY scope, figure
UNION ALL
-- trainings that started in the period or the trend's quarters
SELECT 'training', scope, NULL, day, subject, group_a, value, NULL
FROM {EVENTS}
WHERE scope = %(scope)s AND figure = 'training'
  AND day >= %(training_start)s AND day <= %(trend_end)s
UNION ALL
-- tenders raising at least one red flag, a bucket and a scope
SELECT 'any', scope, b_name, b_start, count(DISTINCT subject), NULL, NULL, NULL
FROM flagged GROUP BY scope, b_name, b_start
UNION ALL
-- the repeated-winner rule's tenders in the period
SELECT 'repeat', s.scope, NULL, NULL, count(DISTINCT s.subject), NULL, NULL, NULL
FROM scoped s JOIN repeat r USING (b_name, b_start, subject)
WHERE s.b_name = 'period' AND s.scope = %(scope)s AND s.figure = 'award'
GROUP BY s.scope
UNION ALL
SELECT 'as_of', NULL, NULL, NULL, NULL, NULL, NULL, max(finished_at) FROM {REFRESHES}
"""
