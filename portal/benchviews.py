"""The two baselines of `make bench` (bench/load.py), mounted only when
PORTAL_BENCH is on (never in production): the stack's ceiling (a view that
does no I/O) and the registry's floor (its first page from one hand-written
query, rendered minimally)."""

import time

from django.db import connection
from django.http import HttpResponse
from django.utils.html import escape
from django.views.decorators.cache import never_cache

from consultants.models.statuses import ACTIVE_STATUSES
from portal.pagination import COUNT_CAP

# The registry's first page as one query, as an index-backed page must cost
# (issue 16: "a slow floor is no floor"): active members (the registry's
# default list) by their Kyrgyz name read off consultant_name_ky_id, 20 of
# them, and the total the pager
# shows counted as the registry counts it (portal.pagination: at most
# COUNT_CAP + 1 rows, "more than 1,000" above). An exact window count would
# read every public row (250 ms at scale 1).
RAW_REGISTRY_SQL = """
SELECT c.id, c.name_ky, c.kind, c.status, c.home_region_id,
       (SELECT count(*) FROM (
            SELECT 1 FROM consultants_consultant p
            WHERE p.status = ANY(%(public)s) LIMIT %(cap)s
       ) AS capped)
FROM consultants_consultant c
WHERE c.status = ANY(%(public)s)
ORDER BY c.name_ky, c.id
LIMIT 20
"""


@never_cache
def trivial(request):
    """A constant: no database, no cache, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


@never_cache
def raw_registry(request):
    with connection.cursor() as cursor:
        cursor.execute(
            RAW_REGISTRY_SQL, {"public": list(ACTIVE_STATUSES), "cap": COUNT_CAP + 1}
        )
        rows = cursor.fetchall()
    total = rows[0][5] if rows else 0
    total = f"{COUNT_CAP}+" if total > COUNT_CAP else total
    items = "".join(
        f'<li><a href="/ky/consultants/{pk}/">{escape(name)}</a> '
        f"{kind} {status} {region}</li>"
        for pk, name, kind, status, region, _total in rows
    )
    return HttpResponse(
        f"<!doctype html><title>registry</title><p>{total}</p><ol>{items}</ol>"
    )


class QueryCountMiddleware:
    """Bench only (added to MIDDLEWARE when PORTAL_BENCH is on): for a request
    with the header X-Bench-Count, the SQL queries it made and the time they
    took, in response headers, so the bench reads them from production-like
    requests (DEBUG off). Other requests (the load) pass untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_BENCH_COUNT" not in request.META:
            return self.get_response(request)
        queries = [0, 0.0]

        def count(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries[0] += 1
                queries[1] += time.perf_counter() - started

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                # a streamed body runs its queries while it is sent: read it
                # here to count them (this one request is held in memory)
                response.streaming_content = [b"".join(response.streaming_content)]
        response["X-Bench-Queries"] = str(queries[0])
        response["X-Bench-SQL-ms"] = f"{queries[1] * 1000:.2f}"
        response["X-Bench-View-ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        return response
