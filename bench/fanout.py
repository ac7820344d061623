"""`make bench`: the fan-out of one tender to N matching consultants (10,000
by default; BENCH_RECIPIENTS) with one Celery worker, next to a trivial
Celery task's rate measured in the same run.

Starts its own PostgreSQL, Redis, SMTP sink (bench/sink.py, a process of its
own) and one worker process (prefork, concurrency 1), like tests/services.py;
nothing of `make run`'s data is touched. Prints a table; the goal is a
fan-out rate (emails a second) at least the trivial task's rate.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
PINGS = int(os.environ.get("BENCH_PINGS", "3000"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "900"))


def wait_for(condition, timeout=TIMEOUT, step=0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(step)
    raise TimeoutError("the bench did not finish in time")


def start_worker(env):
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "portal", "worker",
            "--pool=prefork", "--concurrency=1", "-l", "warning",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )  # fmt: skip


def stop_worker(worker):
    try:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(worker.pid, signal.SIGKILL)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from portal.localservices import Postgres, Redis, free_port

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    pg = Postgres(workdir / "pg", free_port())
    redis = Redis(workdir / "redis", free_port(), persist=False)
    smtp_port = free_port()
    sink = worker = None
    try:
        print("Starting PostgreSQL, Redis and an SMTP sink…", flush=True)
        pg.start()
        redis.start()
        sink = subprocess.Popen(
            [sys.executable, "-m", "bench.sink", str(smtp_port)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        sink.stdout.readline()  # ready
        env = dict(os.environ)
        env.update(
            DATABASE_URL=pg.url,
            REDIS_URL=redis.url,
            CELERY_BROKER_URL=redis.url,
            DJANGO_DEBUG="false",
            DJANGO_SETTINGS_MODULE="portal.settings",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            MEDIA_ROOT=str(workdir / "media"),
            BID_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
            LOG_LEVEL="WARNING",
        )
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        print("Migrating a fresh database…", flush=True)
        call_command("migrate", verbosity=0)
        worker = start_worker(env)
        ping_rate = measure_pings(redis.url)
        result = measure_fan_out()
        stop_worker(worker)
        worker = None
        sink.terminate()
        accepted, connections = map(int, sink.communicate(timeout=30)[0].split())
        sink = None
        result.update(accepted=accepted, connections=connections)
        report(ping_rate, result)
        if os.environ.get("BENCH_FANOUT_JSON"):  # bench/load.py folds it in
            figures = dict(result, trivial_tasks_per_second=ping_rate)
            figures["emails_per_second"] = result["emails"] / result["seconds"]
            figures["recipients"] = RECIPIENTS
            Path(os.environ["BENCH_FANOUT_JSON"]).write_text(json.dumps(figures))
        return 0
    finally:
        if worker is not None:
            stop_worker(worker)
        if sink is not None:
            sink.kill()
        redis.stop()
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def measure_pings(redis_url) -> float:
    from redis import Redis as Client

    from portal.celery import ping

    client = Client.from_url(redis_url)
    # the worker is up once it has run one
    ping.delay("bench:warm")
    wait_for(lambda: client.get("bench:warm") is not None, timeout=120, step=0.1)
    print(f"Trivial task: {PINGS} pings…", flush=True)
    started = time.monotonic()
    for _ in range(PINGS):
        ping.delay("bench:pings")
    done = wait_for(lambda: int(client.get("bench:pings") or 0) >= PINGS)
    return PINGS / (done - started)


def measure_fan_out() -> dict:
    from django.db import transaction

    from portal.notifications.models import Notification
    from portal.outbox.models import Event
    from procurement import services
    from tests.notifications.helpers import bulk_subscribers
    from tests.procurement.factories import TenderFactory

    print(f"Fan-out: {RECIPIENTS} matching consultants…", flush=True)
    bulk_subscribers(RECIPIENTS, prefix="bench")
    tender = TenderFactory()
    started = time.monotonic()
    with transaction.atomic():
        services.tender_publish(tender=tender, by=None)
    rows_done = wait_for(
        lambda: Event.objects.filter(
            topic="tender.published", dispatched_at__isnull=False
        ).exists(),
        step=0.05,
    )
    sent = Notification.objects.filter(channel="email", status="sent")
    done = wait_for(lambda: sent.count() >= RECIPIENTS, step=0.05)
    in_app = Notification.objects.filter(channel="in_app").count()
    return {
        "fan_out_seconds": rows_done - started,
        "seconds": done - started,
        "emails": sent.count(),
        "in_app": in_app,
    }


def report(ping_rate, result) -> None:
    seconds = result["seconds"]
    email_rate = result["emails"] / seconds
    all_rate = (result["emails"] + result["in_app"]) / seconds
    rows = [
        ("trivial Celery task (one worker)", f"{ping_rate:,.0f} tasks/s", ""),
        (
            f"fan-out to {RECIPIENTS:,}: rows made",
            f"{result['fan_out_seconds']:.2f} s",
            f"{2 * RECIPIENTS:,} rows",
        ),
        (
            "fan-out: emails sent (accepted and marked)",
            f"{email_rate:,.0f} emails/s",
            f"{result['emails']:,} in {seconds:.1f} s; the sink got "
            f"{result['accepted']:,} over {result['connections']} connections",
        ),
        (
            "fan-out: notifications (email + in-app)",
            f"{all_rate:,.0f} /s",
            f"{result['in_app']:,} in-app",
        ),
        ("emails/s ÷ trivial tasks/s", f"{email_rate / ping_rate:.2f}×", "goal ≥ 1.0×"),
    ]
    width = max(len(r[0]) for r in rows)
    print()
    print(f"{'measure':<{width}}  {'rate':>16}  notes")
    print(f"{'-' * width}  {'-' * 16}  {'-' * 30}")
    for name, rate, notes in rows:
        print(f"{name:<{width}}  {rate:>16}  {notes}")


if __name__ == "__main__":
    sys.exit(main())
