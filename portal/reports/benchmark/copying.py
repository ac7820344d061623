"""Bulk loading for the benchmark data: rows go to PostgreSQL with COPY
(psycopg's cursor.copy), every row also feeds a digest, and a progress line
goes to stderr every tenth of a table."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable

from django.db import connection


class Sealed:
    """A value stored sealed (Fernet) as the app stores it. Encrypting a
    million rows one by one takes minutes, so each distinct plain text is
    encrypted once and its ciphertext reused (the app makes a new token at
    each save; the bench's tokens repeat, which no page can tell). The
    digest sees the plain text, so it does not depend on the random IVs."""

    __slots__ = ("plain",)
    _cache: dict[str, bytes] = {}

    def __init__(self, plain: str):
        self.plain = plain

    def __repr__(self):
        return f"Sealed({self.plain!r})"

    def token(self) -> bytes:
        from procurement import crypto

        token = self._cache.get(self.plain)
        if token is None:
            token = self._cache[self.plain] = crypto.encrypt(self.plain.encode())
        return token


class Loader:
    def __init__(self, out=None, progress=None):
        self.digest = hashlib.blake2b(digest_size=16)
        self.counts: dict[str, int] = {}
        self.out = out or sys.stderr
        self.started = time.monotonic()
        self.progress = progress if progress is not None else True

    def copy(self, table: str, columns: list[str], rows: Iterable, total: int):
        """COPY the rows (tuples in the order of columns) into table."""
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
