"""`make run` as a process supervisor, run for real in a subprocess with its own
.run directory and ports: a killed worker comes back, a SIGTERM to the process
group stops everything it started (PostgreSQL and Redis too), and many
keep-alive clients do not exhaust PostgreSQL's connections; and it brings its own
bid encryption key, kept private in .run/."""

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from stat import S_IMODE

import pytest
from cryptography.fernet import Fernet

from portal.localservices import _port_open, bid_encryption_key, free_port

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 300  # migrating a fresh database on a busy 2-core machine


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # state, ppid, ...


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[1] == str(pid) and stat[0] not in ("Z", "X"):
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def worker_pid(supervisor: int) -> int | None:
    for pid in children(supervisor):
        if "celery" in cmdline(pid) and " worker" in cmdline(pid):
            return pid
    return None


def healthz(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def wait_for(predicate, timeout: float, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


@pytest.fixture
def stack():
    """`python -m portal.localservices run` in its own process group."""
    # mkdtemp, not tmp_path: the postgres user must be able to reach the dir
    run_dir = Path(tempfile.mkdtemp(prefix="portal-run-test-"))
    ports = {"PORT": free_port(), "PG_PORT": free_port(), "REDIS_PORT": free_port()}
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DATABASE_CONN_MAX_AGE")
    }
    env.update({k: str(v) for k, v in ports.items()})
    env.update(
        PORTAL_RUN_DIR=str(run_dir),
        PORTAL_SKIP_DEMO="true",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    log = open(run_dir / "supervisor.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "portal.localservices", "run"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        up = wait_for(
            lambda: process.poll() is not None or healthz(ports["PORT"]) == 200,
            START_TIMEOUT,
            step=1,
        )
        assert process.poll() is None, (run_dir / "supervisor.log").read_text()[-3000:]
        assert up, (run_dir / "supervisor.log").read_text()[-3000:]
        yield process, ports, run_dir
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for pid in descendants(process.pid):
            os.kill(pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(run_dir, ignore_errors=True)


def log_of(run_dir: Path) -> str:
    return (run_dir / "supervisor.log").read_text(errors="replace")


def workers_ready(run_dir: Path) -> int:
    """How many times a Celery worker has come up ("celery@host ready.")."""
    return len(re.findall(r"celery@\S+ ready\.", log_of(run_dir)))


@pytest.mark.slow
class TestSupervisor:
    def test_killed_worker_is_restarted_and_a_sigterm_stops_everything(self, stack):
        process, ports, run_dir = stack
        # a worker that really works: it reports ready, and stays
        assert wait_for(lambda: workers_ready(run_dir) == 1, 90), log_of(run_dir)
        old_worker = worker_pid(process.pid)
        assert old_worker

        os.kill(old_worker, signal.SIGKILL)
        new_worker = wait_for(
            lambda: (pid := worker_pid(process.pid)) and pid != old_worker and pid,
            60,
        )
        assert new_worker and new_worker != old_worker, log_of(run_dir)
        assert "worker exited" in log_of(run_dir)
        assert wait_for(lambda: workers_ready(run_dir) == 2, 90), log_of(run_dir)
        assert worker_pid(process.pid) == new_worker
        assert process.poll() is None  # the rest of the stack kept running
        assert wait_for(lambda: healthz(ports["PORT"]) == 200, 30)

        # everything the run started, as the group's SIGTERM finds it
        started = descendants(process.pid)
        postgres = int((run_dir / "pg" / "postmaster.pid").read_text().split()[0])
        redis = int((run_dir / "redis" / "redis.pid").read_text().strip())
        started |= {postgres, redis}
        assert alive(postgres) and alive(redis)

        os.killpg(process.pid, signal.SIGTERM)
        assert process.wait(timeout=90) == 0
        assert wait_for(lambda: not any(alive(pid) for pid in started), 30), [
            (pid, cmdline(pid)) for pid in started if alive(pid)
        ]
        for name, port in ports.items():
            assert not _port_open(port), name

    def test_many_keep_alive_clients_do_not_exhaust_the_database(self, stack):
        _process, ports, run_dir = stack
        clients = []
        statuses = []
        try:
            for _ in range(120):  # PostgreSQL allows 100 connections
                connection = http.client.HTTPConnection(
                    "127.0.0.1", ports["PORT"], timeout=30
                )
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
                clients.append(connection)  # kept open: keep-alive
            # every open client asks again on its kept connection
            for connection in clients:
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
            assert healthz(ports["PORT"]) == 200
        finally:
            for connection in clients:
                connection.close()
        assert statuses == [200] * 240, log_of(run_dir)[-3000:]


class TestBidEncryptionKey:
    def test_generated_once_private_and_reused(self, tmp_path):
        state = tmp_path / ".run"
        key = bid_encryption_key(state)
        Fernet(key)  # a valid Fernet key
        path = state / "bid-encryption.key"
        assert S_IMODE(path.stat().st_mode) == 0o600
        assert bid_encryption_key(state) == key
