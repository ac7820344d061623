"""Project-local PostgreSQL and Redis for `make run` and the test suite.

Debian's PostgreSQL refuses to run as root, so when we are root the server runs
as the `postgres` system user on a data directory that user owns. Clusters are
created with a UTF-8 locale so that case-insensitive matching works for
Cyrillic and the Kyrgyz letters ө, ү, ң.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin(name: str) -> str:
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(p.split("/")[4]),
    )
    if candidates:
        return candidates[-1]
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found: install PostgreSQL (make deps)")
    return found


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Postgres:
    def __init__(self, datadir: Path, port: int):
        self.datadir = Path(datadir)
        self.port = port

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def start(self) -> None:
        self.datadir.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            # the postgres user must be able to reach the directory
            os.chmod(self.datadir.parent, 0o755)  # noqa: S103 - a data dir's parent
        if not (self.datadir / "PG_VERSION").exists():
            self.datadir.mkdir(parents=True, exist_ok=True)
            _own(self.datadir)
            subprocess.run(
                _as_postgres(
                    [
                        _pg_bin("initdb"),
                        "-D",
                        str(self.datadir),
                        "-U",
                        "postgres",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                        "-A",
                        "trust",
                        "--no-sync",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        if _port_open(self.port):
            raise RuntimeError(
                f"port {self.port} is taken: set PG_PORT or DATABASE_URL"
            )
        subprocess.run(
            _as_postgres(
                [
                    _pg_bin("pg_ctl"),
                    "-D",
                    str(self.datadir),
                    "-w",
                    "-t",
                    "60",
                    "-l",
                    str(self.datadir / "server.log"),
                    "-o",
                    f"-p {self.port} -k {self.datadir} "
                    "-c listen_addresses=127.0.0.1 -F -c max_connections=100",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self._create_database()

    def _create_database(self) -> None:
        psql = [
            _pg_bin("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
        ]
        exists = subprocess.run(
            [*psql, "SELECT 1 FROM pg_database WHERE datname='portal'"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(
                [
                    *psql,
                    "CREATE DATABASE portal TEMPLATE template0 ENCODING 'UTF8' "
                    "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                [_pg_bin("pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop"]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


class Redis:
    def __init__(self, workdir: Path, port: int, persist: bool):
        self.workdir = Path(workdir)
        self.port = port
        self.persist = persist

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        server = shutil.which("redis-server")
        if not server:
            raise RuntimeError("redis-server not found: install it (make deps)")
        if _port_open(self.port):
            raise RuntimeError(
                f"port {self.port} is taken: set REDIS_PORT or REDIS_URL"
            )
        save = (
            ["--save", "60 1", "--appendonly", "yes"]
            if self.persist
            else ["--save", ""]
        )
        subprocess.run(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                *save,
                "--dir",
                str(self.workdir),
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.workdir / "redis.pid"),
                "--logfile",
                str(self.workdir / "redis.log"),
            ],
            check=True,
        )
        for _ in range(100):
            if _port_open(self.port):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        pidfile = self.workdir / "redis.pid"
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text().strip()), 15)
            except (ProcessLookupError, ValueError):
                pass
            for _ in range(50):
                if not _port_open(self.port):
                    break
                time.sleep(0.05)
