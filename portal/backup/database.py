"""The database half of a backup: where it is, its dump and restore (PostgreSQL's
own pg_dump / pg_restore, custom format), and a fingerprint of every table.

Table checksums are computed inside the very snapshot pg_dump saves
(``pg_export_snapshot``), so the manifest describes exactly what the dump holds
even while the portal keeps writing."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

from portal.localservices.servers import _pg_bin

# the text form of a row must not depend on the session: the same settings for
# the backup and the restored copy
SESSION_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, MDY",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    host: str
    port: int
    user: str
    password: str
    name: str

    @classmethod
    def from_url(cls, url: str) -> Database:
        parts = urlsplit(url)
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            name=unquote(parts.path.lstrip("/")) or "portal",
        )

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        """From a Django DATABASES entry."""
        return cls(
            host=settings_dict.get("HOST") or "127.0.0.1",
            port=int(settings_dict.get("PORT") or 5432),
            user=settings_dict.get("USER") or "postgres",
            password=settings_dict.get("PASSWORD") or "",
            name=settings_dict["NAME"],
        )

    def other(self, name: str) -> Database:
        """Another database on the same server."""
        return Database(self.host, self.port, self.user, self.password, name)

    def label(self) -> str:
        return f"{self.name} on {self.host}:{self.port}"

    def connect(self, **kwargs) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=self.name,
            **kwargs,
        )

    def tool_args(self) -> list[str]:
        """Connection options of pg_dump / pg_restore (the password goes in
        the environment, never on the command line)."""
        return ["-h", self.host, "-p", str(self.port), "-U", self.user]

    def tool_env(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _session(cursor) -> None:
    for name, value in SESSION_SETTINGS.items():
        cursor.execute(
            sql.SQL("SET {} = {}").format(sql.Identifier(name), sql.Literal(value))
        )


def tables(cursor) -> list[tuple[str, str]]:
    """(schema, table) of every ordinary table outside the system schemas."""
    cursor.execute(
        """
        SELECT n.nspname, c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname <> ALL(%s)
          AND n.nspname NOT LIKE 'pg\\_%%'
        ORDER BY 1, 2
        """,
        [list(SYSTEM_SCHEMAS)],
    )
    return cursor.fetchall()


def fingerprint(cursor) -> dict:
    """Row count and checksum of every table, and every sequence's value.

    The checksum is the MD5 of the sorted MD5s of the rows' text forms: it does
    not depend on the physical order of the rows, which a restore changes."""
    _session(cursor)
    result = {"tables": {}, "sequences": {}}
    for schema, table in tables(cursor):
        cursor.execute(
            sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' "
                "ORDER BY md5(t::text))), '') FROM {}.{} AS t"
            ).format(sql.Identifier(schema), sql.Identifier(table))
        )
        rows, checksum = cursor.fetchone()
        result["tables"][f"{schema}.{table}"] = {"rows": rows, "md5": checksum}
    cursor.execute(
        "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2"
    )
    for schema, name, value in cursor.fetchall():
        result["sequences"][f"{schema}.{name}"] = value
    return result


@contextmanager
def exported_snapshot(database: Database):
    """A repeatable-read transaction kept open, and the id of its snapshot for
    ``pg_dump --snapshot``; yields (cursor, snapshot id)."""
    with database.connect(autocommit=False) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            yield cursor, snapshot
        conn.rollback()


def dump(database: Database, target: Path, *, snapshot: str | None = None) -> None:
    command = [
        _pg_bin("pg_dump"),
        *database.tool_args(),
        "--format=custom",
        "--no-password",
        f"--file={target}",
    ]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    command.append(database.name)
    _run(command, database, "pg_dump")


def restore(database: Database, source: Path) -> None:
    command = [
        _pg_bin("pg_restore"),
        *database.tool_args(),
        "--no-password",
        "--no-owner",
        "--no-acl",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={database.name}",
        str(source),
    ]
    _run(command, database, "pg_restore")


def _run(command: list[str], database: Database, tool: str) -> None:
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        command, env=database.tool_env(), capture_output=True, text=True
    )
    if done.returncode:
        raise BackupError(f"{tool} failed for {database.label()}:\n{done.stderr}")


def ensure_database(database: Database) -> bool:
    """Create the database (UTF-8, C.UTF-8 like make run and docker-compose)
    unless it exists; True when it was created."""
    with database.other("postgres").connect(autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database.name]
        ).fetchone()
        if exists:
            return False
        conn.execute(
            sql.SQL(
                "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ).format(sql.Identifier(database.name))
        )
        return True


def user_relations(database: Database) -> int:
    """How many tables, views, sequences… the database holds outside the
    system schemas (0: a fresh database)."""
    with database.connect() as conn:
        (count,) = conn.execute(
            """
            SELECT count(*) FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname <> ALL(%s) AND n.nspname NOT LIKE 'pg\\_%%'
            """,
            [list(SYSTEM_SCHEMAS)],
        ).fetchone()
    return count


def empty(database: Database) -> None:
    """Drop everything outside the system schemas and start with an empty
    public schema (restore --force)."""
    with database.connect(autocommit=True) as conn:
        schemas = [
            name
            for (name,) in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname <> ALL(%s) "
                "AND nspname NOT LIKE 'pg\\_%%'",
                [list(SYSTEM_SCHEMAS)],
            ).fetchall()
        ]
        for name in schemas:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
        conn.execute("CREATE SCHEMA public")


def current_fingerprint(database: Database) -> dict:
    with database.connect() as conn, conn.cursor() as cursor:
        return fingerprint(cursor)
