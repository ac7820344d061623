"""Bulk loading for the benchmark data: rows go to PostgreSQL with COPY
(psycopg's cursor.copy), every row also feeds a digest, and a progress line
goes to stderr every tenth of a table."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection


class Sealed:
    """A value stored sealed (Fernet) as the app stores it. Encrypting a
    million rows one by one takes minutes, so each distinct plain text is
    encrypted once and its ciphertext reused (the app makes a new token at
    each save; the bench's tokens repeat, which no page can tell). The
    digest sees the plain text, so it does not depend on the random IVs."""

    __slots__ = ("plain",)
    _cache: dict[tuple[str, str], bytes] = {}

    def __init__(self, plain: str):
        self.plain = plain

    def __repr__(self):
        return f"Sealed({self.plain!r})"

    def token(self) -> bytes:
        from django.conf import settings

        from procurement import crypto

        key = (settings.BID_ENCRYPTION_KEY, self.plain)
        token = self._cache.get(key)
        if token is None:
            token = self._cache[key] = crypto.encrypt(self.plain.encode())
        return token


class Loader:
    def __init__(self, out=None, progress=None):
        self.digest = hashlib.blake2b(digest_size=16)
        self.counts: dict[str, int] = {}
        self.out = out or sys.stderr
        self.started = time.monotonic()
        self.progress = progress if progress is not None else True

    def copy(
        self,
        table: str,
        columns: list[str],
        rows: Iterable,
        total: int,
        *,
        rebuild_indexes: bool = False,
    ):
        """COPY the rows (tuples in the order of columns) into table; with
        rebuild_indexes, the indexes that back no constraint are dropped
        first and built again after (much faster than row by row for GIN
        trigram indexes)."""
        if rebuild_indexes:
            with self.indexes_dropped(table):
                return self.copy(table, columns, rows, total)
        quoted = ", ".join(f'"{c}"' for c in columns)
        step = max(1, total // 10)
        written = 0
        update = self.digest.update
        self.digest.update(f"{table}({quoted})".encode())
        sql = f"COPY {table} ({quoted}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                update(repr(row).encode())
                copy.write_row([v.token() if isinstance(v, Sealed) else v for v in row])
                written += 1
                if self.progress and written % step == 0:
                    self.say(f"{table}: {written:,} / {total:,}")
        self.counts[table] = self.counts.get(table, 0) + written
        self.say(f"{table}: {written:,} rows")
        return written

    @contextmanager
    def indexes_dropped(self, table: str):
        """The table's indexes that back no constraint dropped meanwhile and
        built again after (the table must have no foreign-key checks
        pending by then: SET CONSTRAINTS … IMMEDIATE inside)."""
        indexes = self._drop_indexes(table)
        yield
        self.say(f"{table}: building {len(indexes)} indexes")
        for definition in indexes:
            self.execute(definition)

    def _drop_indexes(self, table: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT EXISTS ("
                " SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [table],
            )
            found = cursor.fetchall()
            for name, _definition in found:
                cursor.execute(f"DROP INDEX {name}")
        return [definition for _name, definition in found]

    @contextmanager
    def triggers_disabled(self, table: str, triggers: list[str]):
        """The app's triggers off while rows arrive that already carry what
        they would compute (checked afterwards by the caller)."""
        for trigger in triggers:
            self.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        yield  # on an error the transaction's rollback turns them back on
        for trigger in triggers:
            self.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")

    def say(self, message: str) -> None:
        if self.progress:
            elapsed = time.monotonic() - self.started
            print(f"[{elapsed:7.1f} s] {message}", file=self.out, flush=True)

    def execute(self, sql: str, params=None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def next_id(self, table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
            return cursor.fetchone()[0]

    def reset_sequences(self, tables: Iterable[str]) -> None:
        """Identity columns continue after the ids COPY gave explicitly."""
        for table in tables:
            self.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )

    def hexdigest(self) -> str:
        return self.digest.hexdigest()
