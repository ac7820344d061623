"""Requests for the access matrix: one signed-in client per role, every
request in a savepoint rolled back afterwards (so an allowed action leaves the
world as it was for the next one), response bodies read whole (downloads,
zip-based spreadsheets and PDFs included) for the canary scan, and a checksum
of every table."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.db import connection, transaction
from django.test import Client

from tests.attack.world import CANARIES, CANARY_PRICE_PATTERN

# Tables a refused request may legitimately change, with the reason.
CHANGING_TABLES = {
    "django_session": "the role's own session (force_login, session refresh)",
    "accounts_loginthrottle": "failed sign-in counters (the lockout rule)",
}

# Plausible form and JSON payloads for writes: a field for each kind of form
PAYLOAD = {
    "decision": "confirm",
    "reason": "Себеби: текшерүү",
    "text": "Жооп: текшерүү",
    "answer": "Жооп: текшерүү",
    "body": "Жооп: текшерүү",
    "title": "Тендер",
    "title_ky": "Тендер",
    "price": "1000.00",
    "amount": "1000.00",
    "technical_proposal": "Методология",
    "proposed_team": "Команда",
    "conflict_of_interest_declared": "on",
    "confirm": "on",
    "email_language": "ru",
    "language": "ru",
    "stars": "5",
    "score": "5",
    "comment": "Жакшы",
    "name": "Ат",
    "next": "/ky/",
}
JSON_PAYLOAD = {
    "title": "Тендер",
    "price": "1000.00",
    "technical_proposal": "Методология",
    "proposed_team": "Команда",
    "conflict_of_interest_declared": True,
    "text": "Суроо",
    "answer": "Жооп",
    "decision": "upheld",
    "reason": "Себеби",
    "explanation": "Түшүндүрмө",
    "bid": 1,
}


@dataclass
class Answer:
    status: int
    location: str
    body: str  # decoded text of everything the response carried


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ky")
    if user is not None:
        client.force_login(user)
    return client


def _read(response) -> bytes:
    if getattr(response, "streaming", False):
        # the test client closes the response once its content is consumed
        # (closing it here would close the database connection too)
        return b"".join(response.streaming_content)
    return response.content


def _text(data: bytes) -> str:
    """Everything a person could read in the bytes: zip members (XLSX, DOCX)
    unpacked, PDF text extracted, besides the raw bytes."""
    parts = [data.decode("utf-8", errors="replace")]
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    parts.append(archive.read(member).decode("utf-8", "replace"))
        except zipfile.BadZipFile:
            pass
    if data.startswith(b"%PDF-"):
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(data))
            parts += [page.extract_text() or "" for page in reader.pages]
            parts.append(str(reader.metadata or ""))
        except Exception:  # noqa: BLE001
            # an encrypted or odd PDF: its raw bytes are scanned above
            return "\n".join(parts)
    return "\n".join(parts)


def send(client: Client, method: str, path: str, payload=None) -> Answer:
    """One request, as it is (callers decide about savepoints)."""
    if method == "GET":
        response = client.get(path)
    elif path.startswith("/api/"):
        response = client.generic(
            method,
            path,
            data=_json(payload if payload is not None else JSON_PAYLOAD),
            content_type="application/json",
        )
    else:
        response = client.post(path, payload if payload is not None else PAYLOAD)
    return Answer(
        response.status_code, response.get("Location", ""), _text(_read(response))
    )


def request(client: Client, method: str, path: str, payload=None) -> Answer:
    """One request in a savepoint that is rolled back afterwards."""
    with transaction.atomic():
        answer = send(client, method, path, payload)
        transaction.set_rollback(True)
    return answer


def _json(data) -> str:
    import json

    return json.dumps(data)


def canaries_in(body: str) -> list[str]:
    found = [canary for canary in CANARIES if canary in body]
    if re.search(CANARY_PRICE_PATTERN, body):
        found.append("the canary price")
    return found


def table_checksums() -> dict[str, str]:
    """md5 of every table's rows (in a stable order), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() "
            "ORDER BY c.relname"
        )
        tables = [row[0] for row in cursor.fetchall()]
        tables = [t for t in tables if t not in CHANGING_TABLES]
        query = " UNION ALL ".join(
            f"SELECT '{t}', md5(coalesce(string_agg(x::text, ',' "
            f"ORDER BY x::text), '')) FROM \"{t}\" x"
            for t in tables
        )
        cursor.execute(query)
        return dict(cursor.fetchall())


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
