"""The targets of `make bench` (bench/load.py) and the request made to each
alone: accounts and sessions for the signed-in ones, ids picked from the
data set, status, time and the SQL counter's headers."""

from __future__ import annotations

import os
import re
import statistics
import time
import urllib.error
import urllib.request

ONLY = re.compile(os.environ.get("BENCH_TARGETS", ""))
MAX_ALONE = float(os.environ.get("BENCH_MAX_ALONE", "5"))
TRIVIAL, RAW = "trivial view", "raw-SQL registry (one query)"


def prepare_targets(base: str) -> list[dict]:
    """Accounts and sessions of the signed-in targets, the ids of a profile,
    a tender and a district; then the targets."""
    from django.conf import settings
    from django.test import Client

    from consultants.models import Consultant
    from municipalities.models import District, Region
    from portal.accounts.models import Role, User
    from procurement.models import Tender

    def session(email, role, region=None):
        user, _ = User.objects.get_or_create(
            email=email, defaults={"role": role, "full_name": email.split("@")[0]}
        )
        if region:
            user.coordinated_regions.add(Region.objects.get(code=region))
        client = Client()
        client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        return f"{name}={client.cookies[name].value}"

    admin = session("bench-admin@bench.kg", Role.ACADEMY_ADMIN)
    coordinator = session("bench-coordinator@bench.kg", Role.COORDINATOR, "KG-N")
    public = Consultant.objects.filter(status="certified").order_by("id")
    profile = public[public.count() // 2]
    holder = Consultant.objects.filter(user__isnull=False).order_by("id").first()
    consultant = session(holder.user.email, Role.CONSULTANT)
    staff = session("bench-staff@bench.kg", Role.MUNICIPAL_STAFF)
    tender = (
        Tender.objects.filter(status="published").order_by("-id").first()
        or Tender.objects.exclude(status="draft").order_by("-id").first()
    )
    district = District.objects.filter(region_id="KG-N").order_by("id").first()
    c, t = "/ky/consultants/", "/ky/tenders/"
    targets = [
        (TRIVIAL, "/bench/trivial", None),
        (RAW, "/bench/raw-registry", None),
        ("registry", c, None),
        ("registry ?region=KG-N", f"{c}?region=KG-N", None),
        ("registry, signed in (staff)", c, staff),
        ("registry ?district", f"{c}?region=KG-N&district={district.pk}", None),
        ("registry ?expertise=tariffs", f"{c}?expertise=tariffs", None),
        ("registry ?kind=organization", f"{c}?kind=organization", None),
        ("registry ?status=certified", f"{c}?status=certified", None),
        ("registry ?language=uz", f"{c}?language=uz", None),
        ("registry sort -updated", f"{c}?ordering=-updated", None),
        ("registry sort status", f"{c}?ordering=status", None),
        ("registry ?q=фонду (Cyrillic)", f"{c}?q=%D1%84%D0%BE%D0%BD%D0%B4%D1%83", None),
        ("registry ?q=asan (Latin)", f"{c}?q=asan", None),
        ("profile", f"{c}{profile.pk}/", None),
        ("profile, signed in (own)", f"{c}{holder.pk}/", consultant),
        ("tender list", t, None),
        ("tender list ?region=KG-N", f"{t}?region=KG-N", None),
        ("tender list ?status=published", f"{t}?status=published", None),
        ("tender list ?expertise=tariffs", f"{t}?expertise=tariffs", None),
        ("tender list ?q=суу", f"{t}?q=%D1%81%D1%83%D1%83", None),
        ("tender list sort budget", f"{t}?ordering=-budget", None),
        ("tender detail", f"{t}{tender.pk}/", None),
        ("home", "/ky/", None),
        ("API consultants", "/api/v1/consultants/", None),
        ("API consultants ?region=KG-N", "/api/v1/consultants/?region=KG-N", None),
        ("OCDS release package", "/api/v1/ocds/release-package/", None),
        ("OCDS record package", "/api/v1/ocds/record-package/", None),
        ("Atom feed", f"{t}feed/", None),
        ("report KG-N (coordinator)", "/ky/reports/KG-N/", coordinator),
        ("report national (admin)", "/ky/reports/all/", admin),
    ]
    return [
        {"name": name, "path": path, "cookie": cookie}
        for name, path, cookie in targets
        if name in (TRIVIAL, RAW) or ONLY.search(name)
    ]


def get(base, target, *, count=False, uncached=False, timeout=90):
    headers = {"Accept-Language": "ky"}
    if target["cookie"]:
        headers["Cookie"] = target["cookie"]
    if count:
        headers["X-Bench-Count"] = "1"
    if uncached:  # past the page cache (portal.pagecache; honoured only in bench)
        headers["X-Bench-No-Cache"] = "1"
    request = urllib.request.Request(base + target["path"], headers=headers)  # noqa: S310
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
            status, got = response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, got = error.read(), error.code, error.headers
    return status, (time.perf_counter() - started) * 1000, got, len(body)


ALONE_SAMPLES = 7


def alone(base, target) -> dict:
    """One request at a time: the median of seven made past the page cache
    (what rendering the page costs; seven, as these machines are shared and
    one request in three or four can take half as long again), the median
    of three as a visitor gets them (from the page cache when the page is
    cached for anonymous visitors), and the SQL of one uncached."""
    try:
        for _ in range(2):  # warm both workers: connections, drop-down caches
            get(base, target, uncached=True)
        times = [get(base, target, uncached=True)[1] for _ in range(ALONE_SAMPLES)]
        get(base, target)  # fills the page cache
        served = [get(base, target)[1] for _ in range(3)]
        status, _ms, headers, size = get(base, target, count=True, uncached=True)
        cache = get(base, target)[2].get("X-Page-Cache", "—")
    except (TimeoutError, OSError) as error:
        return {"status": f"error: {error}", "skipped": "no answer"}
    row = {
        "path": target["path"],
        "status": status,
        "alone_ms": statistics.median(times),
        "served_ms": statistics.median(served),
        "page_cache": cache,
        "queries": int(headers.get("X-Bench-Queries", -1)),
        "sql_ms": float(headers.get("X-Bench-SQL-ms", "nan")),
        "bytes": size,
    }
    if status >= 400:
        row["skipped"] = f"status {status}"
    elif row["alone_ms"] > MAX_ALONE * 1000:
        row["skipped"] = f"one request took {row['alone_ms'] / 1000:.1f} s"
    return row
