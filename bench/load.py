"""`make bench`: the portal under load at a data scale (BENCH_SCALE, 1 = the
national scale of issue 16), as production serves it.

1. A PostgreSQL kept in .bench/pg (reused between runs) holds one database
   per scale and generator version (portal/reports/benchmark); it is loaded
   with `manage.py generate_benchmark_data` only when missing, and migrated
   on every run.
   A throwaway Redis.
2. gunicorn with DEBUG off, 2 sync workers and the production timeout (60 s),
   static files collected as in production; PORTAL_BENCH mounts the two
   baselines (portal/benchviews.py: a trivial view, the raw-SQL registry page)
   and the header-triggered query counter.
3. Each target alone first: status, time past the page cache (what rendering
   the page costs) and as served (from the page cache, for the pages it keeps
   for anonymous visitors), SQL queries and SQL time (from the counter's
   headers). Then wrk (bench/wrk.lua) at 50 connections for
   BENCH_DURATION seconds a target, baselines and pages interleaved over
   BENCH_ROUNDS rounds, each target started once the previous one's backlog has
   drained; the workers' RSS is sampled from /proc meanwhile. A target whose
   single request failed or took more than BENCH_MAX_ALONE seconds is not
   loaded (it would only time out).
4. The fan-out of one tender to 10,000 consultants next to a trivial Celery
   task (bench/fanout.py, its own services).
5. bench/results/<date>.json, bench/results/latest.md, the README's section
   and bench/results/latency.png.

BENCH_TARGETS (a regular expression on target names) narrows the targets;
BENCH_FANOUT=0 skips the fan-out; `--load-only` (`make bench-data`) only
makes sure the data set of BENCH_SCALE is loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import report
from bench.targets import MAX_ALONE, RAW, TRIVIAL, alone, get, prepare_targets

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / ".bench"
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def psql(port: int, sql: str, database: str = "postgres") -> str:
    from portal.localservices.servers import _pg_bin

    return subprocess.run(
        [_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
         "-d", database, "-tAc", sql],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def ensure_data(port: int, env: dict) -> dict:
    """The database of this scale, loaded once; its load record."""
    from portal.reports.benchmark import database_name

    name = database_name(SCALE)
    record_file = DATA / f"{name}.json"
    comment = psql(
        port,
        f"SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        f"WHERE datname = '{name}'",
    )
    if "digest" in comment and record_file.exists():
        print(f"Reusing database {name} ({comment}); migrating it…", flush=True)
        # the code may have gained migrations since the load (a new index, a
        # summary view): the data set stays, the schema follows the code
        run([sys.executable, "manage.py", "migrate", "-v0"], env)
        # a migration that rewrote a big table (a kept column filled) leaves
        # half of it dead and its statistics stale: plans 2-7x slower until
        # autovacuum comes; cheap when nothing changed
        psql(port, "VACUUM (ANALYZE)", database=name)
        return json.loads(record_file.read_text())
    print(f"Loading database {name} (scale {SCALE:g})…", flush=True)
    psql(port, f'DROP DATABASE IF EXISTS "{name}"')
    psql(
        port,
        f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
        "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
    )
    started = time.monotonic()
    run([sys.executable, "manage.py", "migrate", "-v0"], env)
    migrated = time.monotonic()
    out = run(
        [sys.executable, "manage.py", "generate_benchmark_data", "--scale", str(SCALE)],
        env,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    print(out, flush=True)
    record = {
        "database": name,
        "scale": SCALE,
        "migrate_seconds": round(migrated - started, 1),
        "load_seconds": round(time.monotonic() - migrated, 1),
        "digest": out.split("digest ")[-1].strip(),
        "rows": {
            line.split()[0]: int(line.split()[1].replace(",", ""))
            for line in out.splitlines()
            if line.count(" ") > 1 and line.split()[1].replace(",", "").isdigit()
        },
        "loaded_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_after": os.getloadavg(),
    }
    record_file.write_text(json.dumps(record, indent=1))
    return record


def bench_key() -> str:
    """The bid encryption key of the bench databases (made once, kept with
    them: their sealed bids were encrypted under it)."""
    path = DATA / "bid-encryption.key"
    if not path.exists():
        from cryptography.fernet import Fernet

        path.write_text(Fernet.generate_key().decode())
    return path.read_text().strip()


def workers_of(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
        return [int(pid) for pid in text.split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def drain(base: str, timeout: float = 180) -> float:
    """Wait until the trivial view answers at once twice in a row: the
    previous target's backlog is gone."""
    started = time.monotonic()
    quick = 0
    target = {"path": "/bench/trivial", "cookie": None}
    while quick < 2 and time.monotonic() - started < timeout:
        try:
            _status, ms, _h, _s = get(base, target, timeout=timeout)
        except OSError:
            ms = 1e9
            time.sleep(1)
        quick = quick + 1 if ms < 100 else 0
    return time.monotonic() - started


def load(base: str, target: dict, master: int) -> dict:
    env = dict(os.environ, BENCH_COOKIE=target["cookie"] or "")
    peak = [0.0]
    running = threading.Event()
    running.set()

    def sample():
        while running.is_set():
            for pid in workers_of(master):
                peak[0] = max(peak[0], rss_mb(pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "60s",
             "--latency", "-s", str(ROOT / "bench" / "wrk.lua"),
             base + target["path"]],
            env=env, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        running.clear()
        sampler.join()
    result = report.parse_wrk(output)
    result["rss_mb"] = peak[0]
    result["load_average"] = os.getloadavg()[0]
    return result


def server_env(database_url: str, redis_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=redis_url,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="false",
        PORTAL_BENCH="true",
        DJANGO_STATIC_MANIFEST="true",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # the API's per-client throttles would answer 429 to one load generator
        DJANGO_API_THROTTLE_ANON="100000000/min",
        DJANGO_API_THROTTLE_USER="100000000/min",
        BID_ENCRYPTION_KEY=bench_key(),
        LOG_LEVEL="WARNING",
    )
    return env


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync",
         "--timeout", "60", "--backlog", "2048", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip


def fan_out() -> dict | None:
    """bench/fanout.py's figures, or None when skipped or failed (the pages'
    figures are written either way)."""
    if os.environ.get("BENCH_FANOUT", "1") == "0":
        return None
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = dict(os.environ, BENCH_FANOUT_JSON=out.name)
        try:
            subprocess.run(
                [sys.executable, "-m", "bench.fanout"], cwd=ROOT, env=env, check=True
            )
            return json.loads(Path(out.name).read_text())
        except (subprocess.CalledProcessError, ValueError) as error:
            print(f"The fan-out failed: {error}", file=sys.stderr)
            return None


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from portal.localservices import Postgres, Redis, free_port
    from portal.reports.benchmark import database_name

    if shutil.which("wrk") is None and "--load-only" not in sys.argv:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 1
    DATA.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-load-"))
    pg_port = free_port()
    pg = Postgres(DATA / "pg", pg_port)
    redis = Redis(workdir / "redis", free_port(), persist=False)
    web = None
    started = time.strftime("%Y-%m-%dT%H%M", time.gmtime())
    try:
        print("Starting PostgreSQL (.bench/pg) and Redis…", flush=True)
        pg.start()
        redis.start()
        url = f"postgres://postgres@127.0.0.1:{pg_port}/{database_name(SCALE)}"
        env = server_env(url, redis.url)
        data = ensure_data(pg_port, env)
        if "--load-only" in sys.argv:  # `make bench-data`: the data set alone
            print(json.dumps(data, indent=1))
            return 0
        run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        os.environ.update(env)
        import django

        django.setup()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        targets = prepare_targets(base)
        if any(t["name"].startswith("report") for t in targets):
            # the reports' figures as beat keeps them (every 15 minutes): counted
            # today, by this code
            run([sys.executable, "manage.py", "refresh_report_figures"], env)
        web = start_gunicorn(env, port)
        if drain(base, timeout=60) >= 60:
            raise TimeoutError("gunicorn did not start")
        print(f"\nEach target alone ({len(targets)})…", flush=True)
        singles = {}
        for target in targets:
            singles[target["name"]] = alone(base, target)
            one = singles[target["name"]]
            print(
                f"  {target['name']:<40} {one['status']}  "
                f"{one.get('alone_ms', 0):8.1f} ms  {one.get('queries', '?')} queries",
                flush=True,
            )
        loaded = [t for t in targets if not singles[t["name"]].get("skipped")]
        rounds = {t["name"]: [] for t in targets}
        for number in range(1, ROUNDS + 1):
            print(
                f"\nRound {number}/{ROUNDS}: wrk -c{CONNECTIONS} -d{DURATION}s",
                flush=True,
            )
            for target in loaded:
                waited = drain(base)
                result = load(base, target, web.pid)
                result["drained_seconds"] = round(waited, 1)
                rounds[target["name"]].append(result)
                print(
                    f"  {target['name']:<40} {result['rps']:9.1f} req/s  "
                    f"p95 {result['p95_ms']:9.1f} ms  RSS {result['rss_mb']:.0f} MB",
                    flush=True,
                )
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=60)
        web = None
        rows = [
            report.summarize(t["name"], rounds[t["name"]], singles[t["name"]])
            for t in targets
        ]
        report.add_ratios(rows, TRIVIAL, RAW)
        fanout = fan_out()
        write(started, data, rows, rounds, fanout)
        return 0
    finally:
        if web is not None:
            os.killpg(web.pid, signal.SIGTERM)
            web.wait(timeout=60)
        redis.stop()
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def cpu_model() -> str:
    """What /proc/cpuinfo calls the processor: machines of the same kind
    differ (seen here: the trivial view alone 0.8 ms on one, 1.1-1.3 ms on
    another), so a run's figures say on what they were measured."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown processor"


def _trivial_ms(rows) -> str:
    for row in rows:
        if row.get("name") == TRIVIAL and row.get("alone_ms") is not None:
            return f"{row['alone_ms']:.1f} ms"
    return "not measured"


def write(started, data, rows, rounds, fanout) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = {
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "load_average_at_end": os.getloadavg(),
        "note": "shared machine: other processes ran during the bench",
    }
    settings = {
        "scale": SCALE, "duration_s": DURATION, "rounds": ROUNDS,
        "connections": CONNECTIONS, "server": "gunicorn, 2 sync workers, timeout 60 s",
        "max_alone_s": MAX_ALONE,
    }  # fmt: skip
    (RESULTS / f"{started}.json").write_text(
        json.dumps(
            {"started": started, "settings": settings, "machine": machine,
             "data": data, "targets": rows, "rounds": rounds, "fanout": fanout},
            indent=1, ensure_ascii=False, default=str,
        ) + "\n"
    )  # fmt: skip
    rows_total = sum(data.get("rows", {}).values())
    header = (
        f"Measured {started} UTC at scale {SCALE:g} ({rows_total:,} generated rows, "
        f"loaded in {data.get('load_seconds', '?')} s, digest `{data.get('digest')}`): "
        f"gunicorn with 2 sync workers, DEBUG off; wrk at {CONNECTIONS} connections, "
        f'{DURATION} s a target, medians of {ROUNDS} rounds; "one request" is the '
        f"median of seven made alone past the page cache (uncached) and of three as a "
        f"visitor gets it (as served); {os.cpu_count()} cores ({machine['cpu']}; "
        f"the trivial view's one request, {_trivial_ms(rows)}, tells this machine's "
        f"speed from another's) shared with other work (load average at the end "
        f"{machine['load_average_at_end'][0]:.1f})."
    )
    table = report.markdown_table(rows)
    section = "\n\n".join(
        [
            "### Latest `make bench`",
            header,
            table,
            report.fanout_table(fanout),
            "![latencies](bench/results/latency.png)",
        ]
    )
    (RESULTS / "latest.md").write_text(
        section.replace("bench/results/latency.png", "latency.png") + "\n"
    )
    report.update_readme(ROOT / "README.md", section)
    report.chart(
        rows, RESULTS / "latency.png", f"make bench, scale {SCALE:g}, {started}"
    )
    print("\n" + header + "\n\n" + table + "\n\n" + report.fanout_table(fanout))
    print(
        f"\nWritten to bench/results/{started}.json, latest.md, latency.png, README.md"
    )


if __name__ == "__main__":
    sys.exit(main())
