"""The real parts of a fault test, started by the test itself: a Celery worker
and beat (processes of their own), an SMTP server on loopback (aiosmtpd) that
can be slow or refuse, a Redis of the test's own that can be stopped or frozen,
and the wait for what they deliver. Used by tests/attack/test_faults.py and
tests/notifications/test_worker.py."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client

from portal.celery import app as celery_app
from portal.localservices import Redis, free_port
from portal.outbox import tasks as outbox_tasks

TIMEOUT = 180


# -------------------------------------------------------------------- SMTP
class FaultyInbox:
    """An SMTP server's mailbox. `delay`: seconds per message (a slow
    server); `refuse`: a reply such as "451 4.3.0 try later" given to every
    RCPT TO (or to DATA when `refuse_at` is "DATA") instead of accepting."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.refuse = ""
        self.refuse_at = "RCPT"
        self.refused = 0
        self.messages = []
        self.sessions = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and self.refuse_at == "RCPT":
            self.refused += 1
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse and self.refuse_at == "DATA":
            self.refused += 1
            return self.refuse
        if self.delay:
            await asyncio.sleep(self.delay)
        self.sessions.add(id(session))
        self.messages.append(envelope)
        return "250 OK"

    def recipients(self):
        return [rcpt for m in self.messages for rcpt in m.rcpt_tos]


class SMTPServer:
    """aiosmtpd on a fixed loopback port; `stop()` closes the port
    (connection refused) and `start()` opens it again on the same port."""

    def __init__(self, inbox: FaultyInbox):
        self.inbox = inbox
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@contextmanager
def smtp(delay=0.0):
    server = SMTPServer(FaultyInbox(delay))
    server.start()
    try:
        yield server.inbox, server.port
    finally:
        server.stop()


@contextmanager
def smtp_server(delay=0.0):
    server = SMTPServer(FaultyInbox(delay))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def silent_smtp():
    """A port that accepts connections, counts them and closes each at once
    without a greeting: an SMTP server that is broken (or a firewall's
    reset). Yields a list whose length is the number of connections."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    connections, done = [], threading.Event()

    def serve():
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            connections.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], connections
    finally:
        done.set()
        thread.join(timeout=5)
        listener.close()


# --------------------------------------------------------- worker and beat
def worker_env(smtp_port, broker_url=None, database_url=None, **extra):
    env = dict(os.environ)
    db = django_settings.DATABASES["default"]
    env["DATABASE_URL"] = database_url or (
        f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    env["EMAIL_HOST"] = "127.0.0.1"
    env["EMAIL_PORT"] = str(smtp_port)
    env["NOTIFICATIONS_BATCH_SIZE"] = "25"
    env["NOTIFICATIONS_SWEEP_SECONDS"] = "2"
    env["NOTIFICATIONS_RESEND_AFTER_SECONDS"] = "3"
    if broker_url:
        env["REDIS_URL"] = broker_url
        env["CELERY_BROKER_URL"] = broker_url
    env.update({key: str(value) for key, value in extra.items()})
    return env


def start(kind, env, tmp_path=None, log=None, concurrency=1):
    command = [sys.executable, "-m", "celery", "-A", "portal"]
    if kind == "worker":
        command += [
            "worker", "--pool=prefork", f"--concurrency={concurrency}", "-l", "warning",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
    else:
        command += ["beat", "-l", "warning", "--schedule", str(tmp_path / "beat")]
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    # its own process group: SIGKILL reaches the pool child too, as when a
    # machine or container dies
    return subprocess.Popen(
        command,
        env=env,
        stdout=output,
        stderr=output,
        start_new_session=True,
    )


def stop(process, sig=signal.SIGTERM):
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_for(condition, timeout=TIMEOUT, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


# ------------------------------------------------------------------- Redis
class PrivateRedis(Redis):
    """A Redis of the test's own (the run's Redis is never touched), which can
    be stopped, started again on its port, frozen (SIGSTOP) and thawed."""

    def __init__(self, workdir: Path):
        super().__init__(workdir, free_port(), persist=False)

    def pid(self) -> int:
        pidfile = self.workdir / "redis.pid"
        # the daemon may open its port a moment before it writes its pid file
        for _ in range(100):
            text = pidfile.read_text().strip() if pidfile.exists() else ""
            if text:
                return int(text)
            time.sleep(0.05)
        raise RuntimeError("redis-server wrote no pid file")

    def freeze(self):
        self._frozen = self.pid()
        os.kill(self._frozen, signal.SIGSTOP)

    def thaw(self):
        frozen = getattr(self, "_frozen", None)
        if frozen:
            try:
                os.kill(frozen, signal.SIGCONT)
            except ProcessLookupError:
                pass
            self._frozen = None

    def stop(self):
        self.thaw()
        super().stop()


def point_celery_at(url):
    """This process's Celery (the kicks after commit) on another broker."""
    celery_app.conf.broker_url = url
    # drop pooled connections, as Celery does after a fork
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    outbox_tasks._kick_paused_until = 0.0


@contextmanager
def private_redis(tmp_path, settings):
    """A private Redis with this process's cache and Celery broker on it (the
    real settings, only the address changed)."""
    redis = PrivateRedis(tmp_path / "redis")
    redis.start()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": redis.url}}
    old_broker = celery_app.conf.broker_url
    point_celery_at(redis.url)
    try:
        yield redis
    finally:
        redis.stop()
        point_celery_at(old_broker)


# ------------------------------------------------------------ what is done
def publish(tender):
    from procurement import services

    with transaction.atomic():
        services.tender_publish(tender=tender, by=None)


def timed(action, *args, **kwargs):
    """(result, seconds) of a call."""
    started = time.monotonic()
    result = action(*args, **kwargs)
    return result, time.monotonic() - started


def signs_in(email, password) -> bool:
    """A person signs in through the sign-in form (a client of its own)."""
    client = Client()
    response = client.post(
        "/en/accounts/login/", {"login": email, "password": password}
    )
    return response.status_code == 302 and "_auth_user_id" in client.session
