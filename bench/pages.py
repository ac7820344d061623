"""`make bench` (second part): every page on emulated slow 3G, as production
serves it. Reports first contentful paint (FCP) and the bytes transferred per
page with its CSS and JavaScript on a cold cache; the goals are FCP ≤ 2 s and
≤ 150 KB. Figures are printed and written to bench/results/pages.md (and
pages.json); they are measurements, not a pass/fail test (tests/e2e/
test_every_page.py asserts the page weight exactly).

Starts its own PostgreSQL and Redis (like bench/fanout.py), migrates, loads
the demo data (seed_demo), collects the static files (hashed and compressed by
whitenoise, as in production) and runs gunicorn with DEBUG off; then Debian's
Chromium, driven by Playwright, opens each page in a fresh context (cold
cache) under Chromium's network emulation (Network.emulateNetworkConditions:
400 ms latency, 400 kbit/s each way). The pages are the walker's
(tests/e2e/pages.py), as an anonymous visitor and as municipal staff
(BENCH_ROLES=anonymous,staff,consultant,coordinator,admin to change;
BENCH_PAGES=a regular expression on the path to measure fewer).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/lib/chromium/chromium")
LATENCY_MS = 400
THROUGHPUT = 400 * 1000 // 8  # 400 kbit/s in bytes a second
FCP_GOAL_MS = 2000
WEIGHT_GOAL = 150 * 1024
ACCOUNTS = {
    "anonymous": None,
    "staff": "staff@demo.kg",
    "consultant": "consultant@demo.kg",
    "coordinator": "coordinator@demo.kg",
    "admin": "admin@demo.kg",
}
ROLES = os.environ.get("BENCH_ROLES", "anonymous,staff").split(",")
ONLY = re.compile(os.environ.get("BENCH_PAGES", ""))

FCP_JS = """() => new Promise(resolve => {
    const done = entries => {
        const fcp = entries.find(e => e.name === 'first-contentful-paint');
        if (fcp) resolve(fcp.startTime);
    };
    done(performance.getEntriesByType('paint'));
    new PerformanceObserver(list => done(list.getEntries()))
        .observe({type: 'paint', buffered: true});
    setTimeout(() => resolve(null), 30000);
})"""


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from portal.localservices import Postgres, Redis, free_port

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-pages-"))
    pg = Postgres(workdir / "pg", free_port())
    redis = Redis(workdir / "redis", free_port(), persist=False)
    web_port = free_port()
    web = None
    try:
        print("Starting PostgreSQL and Redis…", flush=True)
        pg.start()
        redis.start()
        env = dict(os.environ)
        env.update(
            DATABASE_URL=pg.url,
            REDIS_URL=redis.url,
            DJANGO_DEBUG="false",
            DJANGO_SETTINGS_MODULE="portal.settings",
            DJANGO_STATIC_MANIFEST="true",
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_HSTS_SECONDS="0",
            DJANGO_SECURE_COOKIES="false",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            MEDIA_ROOT=str(workdir / "media"),
            BID_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
            LOG_LEVEL="WARNING",
        )
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        print("Migrating, loading the demo data, collecting static files…")
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=StringIO())
        call_command("collectstatic", interactive=False, verbosity=0)
        web = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "portal.wsgi:application",
                "--bind", f"127.0.0.1:{web_port}", "--workers", "2",
                "--log-level", "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{web_port}"
        wait_for_server(base)
        load_before = os.getloadavg()[0]
        rows = measure(base, page_paths())
        write(rows, load=(load_before, os.getloadavg()[0]))
        return 0
    finally:
        if web is not None:
            os.killpg(web.pid, signal.SIGTERM)
            web.wait(timeout=30)
        redis.stop()
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def wait_for_server(base: str) -> None:
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("gunicorn did not answer /healthz within 60 s")


def page_paths() -> list[str]:
    from tests.e2e.pages import Demo
    from tests.e2e.pages import page_paths as walker_paths

    paths, _empty = walker_paths(Demo())
    return [path for path in paths if ONLY.search(path)]


def session_cookies(email: str | None, base: str) -> list[dict]:
    if email is None:
        return []
    from django.conf import settings
    from django.test import Client

    from portal.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}]


def measure(base: str, paths: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    # sessions made before Playwright's event loop runs (Django's ORM refuses
    # to run inside it)
    cookies_of = {role: session_cookies(ACCOUNTS[role], base) for role in ROLES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            headless=True,
        )
        for role in ROLES:
            cookies = cookies_of[role]
            print(f"\n{len(paths)} pages as {role} (slow 3G, cold cache)…")
            for path in paths:
                row = measure_page(browser, base, path, cookies)
                row["role"] = role
                rows.append(row)
                print(
                    f"  {row['fcp_ms'] or '—':>6} ms  {row['bytes'] / 1024:6.1f} KB  "
                    f"{row['status']}  {path}",
                    flush=True,
                )
        browser.close()
    return rows


def measure_page(browser, base, path, cookies) -> dict:
    # a context of its own: nothing cached
    context = browser.new_context(
        locale="ky-KG", viewport={"width": 360, "height": 740}
    )
    try:
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": LATENCY_MS,
                "downloadThroughput": THROUGHPUT,
                "uploadThroughput": THROUGHPUT,
            },
        )
        transferred = {}
        cdp.on(
            "Network.loadingFinished",
            lambda event: transferred.__setitem__(
                event["requestId"], event["encodedDataLength"]
            ),
        )
        response = page.goto(base + path, wait_until="load", timeout=120_000)
        fcp = page.evaluate(FCP_JS)
        page.evaluate("1")  # lets the last network events arrive
        return {
            "path": path,
            "status": response.status if response else 0,
            "landed": page.url.removeprefix(base),
            "fcp_ms": round(fcp) if fcp is not None else None,
            "bytes": sum(transferred.values()),
            "requests": len(transferred),
        }
    finally:
        context.close()


def write(rows: list[dict], load: tuple[float, float] | None = None) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps(rows, indent=1) + "\n")
    fcps = [r["fcp_ms"] for r in rows if r["fcp_ms"] is not None]
    slow = [r for r in rows if r["fcp_ms"] is None or r["fcp_ms"] > FCP_GOAL_MS]
    heavy = [r for r in rows if r["bytes"] > WEIGHT_GOAL]
    lines = [
        "# Pages on slow 3G (`make bench`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"Chromium, 360×740, cold cache, {LATENCY_MS} ms latency, "
        f"{THROUGHPUT * 8 // 1000} kbit/s; gunicorn with DEBUG off, static "
        "files from whitenoise (compressed). Goals: FCP ≤ 2 s, ≤ 150 KB.",
        "",
        *(
            [
                f"Machine load (1-minute average) {load[0]:.1f} at the start, "
                f"{load[1]:.1f} at the end, on {os.cpu_count()} cores: the "
                "server's and Chromium's share of the time grows with it, so "
                "figures measured on a busy machine are noisy (the network part, "
                "400 ms a round trip, is not).",
                "",
            ]
            if load
            else []
        ),
        f"- pages measured: {len(rows)} ({', '.join(ROLES)})",
        f"- FCP median {sorted(fcps)[len(fcps) // 2] if fcps else '—'} ms, "
        f"slowest {max(fcps) if fcps else '—'} ms; over 2 s: {len(slow)}",
        f"- heaviest {max(r['bytes'] for r in rows) / 1024:.1f} KB; "
        f"over 150 KB: {len(heavy)}",
        "",
        "| role | page | status | FCP (ms) | transferred (KB) | requests |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    for r in rows:
        page = r["path"] if r["landed"] == r["path"] else f"{r['path']} → {r['landed']}"
        lines.append(
            f"| {r['role']} | `{page}` | {r['status']} | {r['fcp_ms'] or '—'} | "
            f"{r['bytes'] / 1024:.1f} | {r['requests']} |"
        )
    (RESULTS / "pages.md").write_text("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines[:9]))
    print(f"\nWritten to {RESULTS / 'pages.md'} and pages.json")


if __name__ == "__main__":
    sys.exit(main())
