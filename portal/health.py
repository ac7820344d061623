from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_redis():
    client = cache._cache.get_client(write=True)  # the real Redis connection
    client.ping()


@never_cache
def healthz(request):
    """200 when PostgreSQL and Redis answer; 503 naming what is down."""
    checks = {"database": _check_database, "redis": _check_redis}
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down"
            results[name] = {"ok": False, "error": f"{type(exc).__name__}"}
        else:
            results[name] = {"ok": True}
    down = [name for name, result in results.items() if not result["ok"]]
    return JsonResponse(
        {"status": "down" if down else "ok", "down": down, "checks": results},
        status=503 if down else 200,
    )
