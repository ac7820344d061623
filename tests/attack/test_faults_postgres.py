"""PostgreSQL restarted under load (issue 15, faults): the portal (gunicorn,
its real settings), a Celery worker and beat run on a PostgreSQL cluster of
this test's own, a copy of the test database, so that the rest of the suite
is not disturbed. While people sign in, read the tender list and publish
tenders, the cluster is restarted twice: a clean fast shutdown, then a crash
(immediate shutdown, recovery from the WAL).

After each restart requests succeed again at once (CONN_HEALTH_CHECKS: no
request fails on a connection the restart broke), every request got its
answer within a bound (none hung), every tender is either published with
its outbox event and its OCDS release or still a draft with neither, and
every subscriber gets each published tender's email, with at most one
duplicate per restart and worker process."""

import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings as django_settings

from portal.localservices import Postgres, free_port
from portal.localservices.servers import _as_postgres, _pg_bin
from portal.outbox.models import Event
from procurement.models import Release, Tender, TenderStatus
from tests.accounts.factories import PASSWORD, UserFactory
from tests.attack.faultkit import (
    PrivateRedis,
    smtp,
    start,
    stop,
    wait_for,
    worker_env,
)
from tests.municipalities.factories import StaffMembershipFactory
from tests.notifications.helpers import bulk_subscribers
from tests.procurement.factories import TenderFactory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
HANG_BOUND = 15  # seconds: a request that takes longer hung
SUBSCRIBERS = 30
TENDERS = 6


def copy_test_database(target: Postgres) -> None:
    """The test database (committed rows) into the cluster's `portal`."""
    db = django_settings.DATABASES["default"]
    dump = subprocess.run(
        [_pg_bin("pg_dump"), "-Fc", "-h", db["HOST"], "-p", str(db["PORT"]),
         "-U", db["USER"], db["NAME"]],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    subprocess.run(
        [_pg_bin("pg_restore"), "--no-owner", "-h", "127.0.0.1", "-p",
         str(target.port), "-U", "postgres", "-d", "portal"],
        input=dump, check=True, capture_output=True,
    )  # fmt: skip


def restart(cluster: Postgres, mode: str) -> tuple[float, float]:
    """Stop the cluster (`fast`: clean; `immediate`: as a crash) and start it;
    returns when it went down and when it was back (time.monotonic())."""
    down = time.monotonic()
    subprocess.run(
        _as_postgres(
            [_pg_bin("pg_ctl"), "-D", str(cluster.datadir), "-m", mode, "-w", "stop"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    time.sleep(1)  # down for a moment: requests meanwhile fail, fast
    cluster.start()
    return down, time.monotonic()


def gunicorn(port, env, log):
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ],  # fmt: skip
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


class Load:
    """Threads that sign in, read and publish over HTTP until stopped; every
    request is recorded as (started, seconds, what, status)."""

    def __init__(self, base, person_email, staff_email, tender_ids):
        self.base = base
        self.person_email = person_email
        self.staff_email = staff_email
        self.drafts = list(tender_ids)
        self.published = []
        self.log = []
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._loop, args=(f,), daemon=True)
            for f in (self._sign_in, self._read, self._publish)
        ]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=HANG_BOUND * 2)

    def _loop(self, action):
        while not self.stopping.is_set():
            action()

    def _request(self, what, call):
        started = time.monotonic()
        try:
            status = call().status_code
        except requests.RequestException as exc:
            status = type(exc).__name__
        self.log.append((started, time.monotonic() - started, what, status))
        return status

    def _session(self, email):
        session = requests.Session()
        self._request(
            "login-page", lambda: session.get(self.base + "/en/accounts/login/")
        )
        status = self._request(
            "sign-in",
            lambda: session.post(
                self.base + "/en/accounts/login/",
                data={
                    "login": email,
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                },
                allow_redirects=False,
                timeout=HANG_BOUND * 2,
            ),
        )
        return session if status == 302 and "sessionid" in session.cookies else None

    def _sign_in(self):
        self._session(self.person_email)
        # under allauth's own brake on sign-ins from one address (30 a
        # minute), which would answer 429 and say nothing of the outage
        time.sleep(2.5)

    def _read(self):
        self._request(
            "tender-list",
            lambda: requests.get(self.base + "/en/tenders/", timeout=HANG_BOUND * 2),
        )
        time.sleep(0.1)

    def _publish(self):
        if not self.drafts:
            time.sleep(0.2)
            return
        session = self._session(self.staff_email)
        if session is None:
            time.sleep(0.2)
            return
        pk = self.drafts[0]
        status = self._request(
            "publish",
            lambda: session.post(
                f"{self.base}/en/tenders/{pk}/publish/",
                data={"csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
                headers={"Referer": self.base + "/"},
                allow_redirects=False,
                timeout=HANG_BOUND * 2,
            ),
        )
        if status == 302:
            self.published.append(self.drafts.pop(0))
        time.sleep(0.8)


def answers(base):
    try:
        return all(
            requests.get(base + "/en/", timeout=HANG_BOUND).status_code == 200
            for _ in range(4)
        )
    except requests.RequestException:
        return False


def first_answers(base):
    """Eight requests at once (both gunicorn workers answer some)."""
    answers = []

    def get():
        try:
            answers.append(
                requests.get(base + "/en/tenders/", timeout=HANG_BOUND).status_code
            )
        except requests.RequestException as exc:
            answers.append(type(exc).__name__)

    threads = [threading.Thread(target=get) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def rows(cluster, sql, params=()):
    with psycopg.connect(
        host="127.0.0.1", port=cluster.port, user="postgres", dbname="portal"
    ) as conn:
        return conn.execute(sql, params).fetchall()


def test_postgres_restarted_under_load(tmp_path):
    users = bulk_subscribers(SUBSCRIBERS)
    staff = StaffMembershipFactory()
    tenders = [TenderFactory(municipality=staff.municipality) for _ in range(TENDERS)]
    person = UserFactory()
    # not under tmp_path: the postgres user cannot enter pytest's folder
    pg_dir = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    cluster = Postgres(pg_dir / "pg", free_port())
    cluster.start()
    redis = PrivateRedis(tmp_path / "redis")
    redis.start()
    web_port = free_port()
    log = open(tmp_path / "services.log", "ab")  # noqa: SIM115
    try:
        copy_test_database(cluster)
        with smtp() as (inbox, smtp_port):
            env = worker_env(
                smtp_port,
                broker_url=redis.url,
                database_url=cluster.url,
            )
            env["DATABASE_CONN_MAX_AGE"] = "60"  # connections kept: the trap
            web = gunicorn(web_port, env, log)
            worker = start("worker", env, log=tmp_path / "services.log")
            beat = start("beat", env, tmp_path, log=tmp_path / "services.log")
            base = f"http://127.0.0.1:{web_port}"
            load = Load(base, person.email, staff.user.email, [t.pk for t in tenders])
            try:
                # both gunicorn workers have loaded the portal
                assert wait_for(lambda: answers(base), timeout=90)
                load.start()
                assert wait_for(lambda: len(load.published) >= 1, timeout=60)
                outages = []
                for mode in ("fast", "immediate"):
                    time.sleep(4)
                    outages.append(restart(cluster, mode))
                assert wait_for(lambda: not load.drafts, timeout=120), load.drafts
                time.sleep(2)
                load.stop()
                # restarted while idle: the connections gunicorn keeps
                # (CONN_MAX_AGE) are broken; the next requests still succeed
                outages.append(restart(cluster, "fast"))
                assert first_answers(base) == [200] * 8
                expected = len(load.published) * SUBSCRIBERS
                assert wait_for(lambda: len(inbox.messages) >= expected)
                time.sleep(5)  # the sweeper runs again meanwhile
            finally:
                load.stop()
                stop(beat)
                stop(worker)
                stop(web, signal.SIGTERM)
            verify(cluster, load, outages, inbox, users, [t.pk for t in tenders])
    finally:
        log.close()
        redis.stop()
        cluster.stop()
        shutil.rmtree(pg_dir, ignore_errors=True)


def verify(cluster, load, outages, inbox, users, tender_ids):
    # no request hung, and none failed once the database was back
    slow = [entry for entry in load.log if entry[1] > HANG_BOUND]
    assert not slow, (slow, outages)
    # a request that failed was under way while the database was down
    failed_outside = [
        (started, seconds, what, status)
        for started, seconds, what, status in load.log
        if status not in (200, 302)
        and not any(
            started < up + 0.5 and started + seconds > down for down, up in outages
        )
    ]
    assert not failed_outside, (failed_outside, outages)
    failed = sum(1 for entry in load.log if entry[3] not in (200, 302))
    assert failed < len(load.log) / 2, (failed, len(load.log))
    by_kind = Counter((what, status) for _s, _d, what, status in load.log)
    assert by_kind["sign-in", 302] >= 5, by_kind
    # all-or-nothing: published with its event and release, or neither
    status = dict(
        rows(
            cluster,
            f"SELECT id, status FROM {Tender._meta.db_table} WHERE id = ANY(%s)",
            [tender_ids],
        )
    )
    events = Counter(
        int(tender_id)
        for (tender_id,) in rows(
            cluster,
            f"SELECT payload->>'tender_id' FROM {Event._meta.db_table} "
            "WHERE topic = 'tender.published'",
        )
    )
    releases = Counter(
        tender_id
        for (tender_id,) in rows(
            cluster, f"SELECT tender_id FROM {Release._meta.db_table}"
        )
    )
    for pk in tender_ids:
        published = status[pk] == TenderStatus.PUBLISHED
        assert events[pk] == releases[pk] == (1 if published else 0), (
            pk, status[pk], events[pk], releases[pk],
        )  # fmt: skip
    assert sorted(load.published) == sorted(
        pk for pk in tender_ids if status[pk] == TenderStatus.PUBLISHED
    )
    # every email arrived; a restart during a batch may repeat one message
    counts = Counter(inbox.recipients())
    assert set(counts) == {u.email for u in users}
    assert all(n >= len(load.published) for n in counts.values())
    duplicates = sum(counts.values()) - len(load.published) * len(users)
    assert duplicates <= len(outages), counts.most_common(3)
