"""pytest plugin (loaded with -p before pytest-django sets Django up): starts a
throwaway PostgreSQL and Redis for the run unless DATABASE_URL / REDIS_URL
already point at servers, and stops them at the end."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from portal.localservices import Postgres, Redis, free_port

_started = []

TEST_BID_ENCRYPTION_KEY = "5zpPGd-aJdrA3m_qzbUiwX7CeJE39-ryGVs7vxanloo="


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    if not os.environ.get("PORTAL_TEST_KEEP_ENV"):
        workdir = Path(tempfile.mkdtemp(prefix="portal-test-"))
        atexit.register(shutil.rmtree, workdir, ignore_errors=True)
        if not os.environ.get("DATABASE_URL"):
            pg = Postgres(workdir / "pg", free_port())
            pg.start()
            _started.append(pg)
            os.environ["DATABASE_URL"] = pg.url
        if not os.environ.get("REDIS_URL"):
            redis = Redis(workdir / "redis", free_port(), persist=False)
            redis.start()
            _started.append(redis)
            os.environ["REDIS_URL"] = redis.url
        os.environ["PORTAL_TEST_KEEP_ENV"] = "1"  # xdist workers reuse these
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and os.environ.get("REDIS_URL", "").endswith("/0"):
        # each xdist worker its own Redis database: one worker's cache.clear()
        # (tests/conftest.py) must not wipe the other's throttle counters,
        # locks or broker queues
        index = int(worker[2:]) % 15 + 1
        os.environ["REDIS_URL"] = os.environ["REDIS_URL"][:-1] + str(index)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
    # without DEBUG these default to on; the test server speaks plain http
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
    os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    # Schemathesis fires thousands of API requests as the same few users; the
    # throttles themselves are tested with small rates (tests/portal/test_throttling.py)
    os.environ.setdefault("DJANGO_API_THROTTLE_ANON", "1000000/min")
    os.environ.setdefault("DJANGO_API_THROTTLE_USER", "1000000/min")
    # a fixed key for sealed bids: tests only, never a deployment's
    os.environ.setdefault("BID_ENCRYPTION_KEY", TEST_BID_ENCRYPTION_KEY)
    return (yield)


def _stop_all():
    while _started:
        _started.pop().stop()


atexit.register(_stop_all)


def pytest_unconfigure(config):
    _stop_all()
