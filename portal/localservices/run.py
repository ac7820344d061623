"""`make run`: the portal's web server, Celery worker and beat on the
project-local PostgreSQL and Redis, each supervised and restarted when it
dies; Ctrl-C stops them all."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from .servers import Postgres, Redis


def bid_encryption_key(state: Path) -> str:
    """The development key for sealed bids: generated once into
    .run/bid-encryption.key (readable by its owner only) and reused, so that the
    bids sealed in .run's database stay readable across restarts."""
    import base64

    path = state / "bid-encryption.key"
    if not path.exists():
        state.mkdir(parents=True, exist_ok=True)
        key = base64.urlsafe_b64encode(os.urandom(32))  # a Fernet key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key + b"\n")
    return path.read_text().strip()


class _Supervised:
    """One long-running child of `make run` (web, worker, beat), restarted when
    it dies. It runs in its own session, so that a signal to the terminal's or
    make's process group reaches only the supervisor, which then stops
    everything in order; and so that stopping it reaches its own children too
    (runserver's autoreloaded server, Celery's pool)."""

    STABLE_AFTER = 30.0  # seconds up after which a crash no longer counts as rapid
    MAX_RAPID_CRASHES = 5

    def __init__(self, name: str, command: list[str], *, env: dict, cwd: Path):
        self.name = name
        self.command = command
        self.env = env
        self.cwd = cwd
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.rapid_crashes = 0
        self.restart_at: float | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command, env=self.env, cwd=self.cwd, start_new_session=True
        )
        self.started_at = time.monotonic()
        self.restart_at = None

    def _signal_group(self, sig: int) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass

    def check(self, log) -> bool:
        """Restart the child if it died; False once it crashed too often."""
        now = time.monotonic()
        if self.restart_at is not None:
            if now >= self.restart_at:
                log(f"restarting {self.name}")
                self.start()
            return True
        code = self.process.poll()
        if code is None:
            return True
        # a killed main process can leave its pool or server child behind
        self._signal_group(9)
        if now - self.started_at >= self.STABLE_AFTER:
            self.rapid_crashes = 0
        self.rapid_crashes += 1
        if self.rapid_crashes >= self.MAX_RAPID_CRASHES:
            log(
                f"{self.name} exited (code {code}) {self.rapid_crashes} times in a "
                f"row, each within {self.STABLE_AFTER:.0f} s of starting: giving up "
                "and stopping everything; its output above says why"
            )
            return False
        delay = min(30, 2 ** (self.rapid_crashes - 1))
        log(f"{self.name} exited (code {code}); restarting in {delay} s")
        self.restart_at = now + delay
        return True

    def stop(self, timeout: float = 15) -> None:
        if self.process is None or self.restart_at is not None:
            self._signal_group(9)
            return
        self._signal_group(15)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        self._signal_group(9)  # the group, whatever of it is left
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def run_environment(base, *, port: int, state: Path) -> dict:
    """The environment of everything `make run` starts: development settings
    unless the caller's environment says otherwise."""
    env = dict(base)
    env.setdefault("DJANGO_DEBUG", "true")
    env.setdefault("DJANGO_SECURE_COOKIES", "false")
    if not env.get("BID_ENCRYPTION_KEY"):
        env["BID_ENCRYPTION_KEY"] = bid_encryption_key(state)
    # runserver serves each keep-alive client from its own thread; with
    # persistent connections every such thread would hold a PostgreSQL
    # connection until the client leaves, and max_connections runs out
    env.setdefault("DATABASE_CONN_MAX_AGE", "0")
    # links in emails lead to the address this run serves (PORT), not to
    # port 8000; a PORTAL_SITE_URL given by the caller stays
    env.setdefault("PORTAL_SITE_URL", f"http://127.0.0.1:{port}")
    return env


def run(port: int = 8000) -> int:
    """Start PostgreSQL and Redis (unless DATABASE_URL / REDIS_URL are set),
    migrate, load demo data, then run web, Celery worker and beat, restarting
    any that dies, until Ctrl-C, SIGTERM or SIGHUP, which stop all of it,
    PostgreSQL and Redis included. Returns the exit status.

    Data lives in .run/ (PORTAL_RUN_DIR) and survives restarts;
    PORTAL_SKIP_DEMO=true skips loading the demo data."""
    import signal
    import sys

    root = Path(__file__).resolve().parents[2]
    state = Path(os.environ.get("PORTAL_RUN_DIR") or root / ".run")
    env = run_environment(os.environ, port=port, state=state)

    def log(message: str) -> None:
        print(f"[make run] {message}", file=sys.stderr, flush=True)

    stop_requested: list[int] = []
    # only the start-up steps (migrate, seed) are cut short by a signal; while
    # a server starts, supervises or stops, the signal is noted and acted on
    interruptible = [False]

    def on_signal(signum, _frame):
        first = not stop_requested
        stop_requested.append(signum)
        if first and interruptible[0]:
            raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    started: list = []
    children: list[_Supervised] = []
    status = 0
    try:
        if not env.get("DATABASE_URL"):
            pg = Postgres(state / "pg", int(env.get("PG_PORT", 54329)))
            pg.start()
            started.append(pg)
            env["DATABASE_URL"] = pg.url
        if not env.get("REDIS_URL"):
            redis = Redis(
                state / "redis", int(env.get("REDIS_PORT", 63799)), persist=True
            )
            redis.start()
            started.append(redis)
            env["REDIS_URL"] = redis.url
        if stop_requested:
            raise KeyboardInterrupt
        interruptible[0] = True
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput"], env=env, cwd=root, check=True
        )
        subprocess.run(
            [python, "manage.py", "ocds_backfill_releases", "-v0"],
            env=env,
            cwd=root,
            check=True,
        )
        if list(root.glob("locale/*/LC_MESSAGES/django.po")):
            subprocess.run(
                [
                    python,
                    "manage.py",
                    "compilemessages",
                    "-v0",
                    "--ignore=.venv",
                    "--ignore=.run",
                ],
                env=env,
                cwd=root,
                check=True,
            )
        if env.get("PORTAL_SKIP_DEMO", "").lower() not in ("1", "true", "yes"):
            subprocess.run(
                [python, "manage.py", "seed_demo"], env=env, cwd=root, check=True
            )
        celery = [python, "-m", "celery", "-A", "portal"]
        commands = {
            "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
            "worker": [*celery, "worker", "-l", "info", "--concurrency", "2"],
            "beat": [
                *celery,
                "beat",
                "-l",
                "info",
                "--schedule",
                str(state / "celerybeat-schedule"),
            ],
        }
        for name, command in commands.items():
            children.append(_Supervised(name, command, env=env, cwd=root))
        interruptible[0] = False
        if stop_requested:
            raise KeyboardInterrupt
        for child in children:
            child.start()
        print(
            f"\nPortal: http://127.0.0.1:{port}/ky/consultants/  (Ctrl-C stops)\n",
            flush=True,
        )
        while not stop_requested:
            if not all(child.check(log) for child in children):
                status = 1
                break
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    except (subprocess.CalledProcessError, RuntimeError) as exc:
        log(f"start-up failed: {exc}")
        status = 1
    finally:
        # nothing interrupts the clean-up: a second Ctrl-C or SIGTERM is noted
        interruptible[0] = False
        log("stopping web, worker and beat")
        for child in children:
            child.stop()
        for service in reversed(started):
            log(f"stopping {type(service).__name__}")
            service.stop()
        print("Stopped.", flush=True)
    return status
