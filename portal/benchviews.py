"""The two baselines of `make bench` (bench/load.py), mounted only when
PORTAL_BENCH is on (never in production): the stack's ceiling (a view that
does no I/O) and the registry's floor (its first page from one hand-written
query, rendered minimally)."""

import time

from django.db import connection
from django.http import HttpResponse
from django.utils.html import escape
from django.views.decorators.cache import never_cache

from consultants.models.statuses import PUBLIC_STATUSES

# The registry's first page as one query: public consultants by their Kyrgyz
# name, 20 of them, with the total the pager shows (a window count).
RAW_REGISTRY_SQL = """
SELECT c.id, c.name_ky, c.kind, c.status, c.home_region_id, count(*) OVER ()
FROM consultants_consultant c
WHERE c.status = ANY(%s)
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
        cursor.execute(RAW_REGISTRY_SQL, [list(PUBLIC_STATUSES)])
        rows = cursor.fetchall()
    total = rows[0][5] if rows else 0
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
