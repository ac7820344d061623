"""Issue 15, the access-control matrix: every named URL (the resolver, all
namespaces: the admin, downloads, POST-only actions, the pages under the
language prefix) and every API operation (the OpenAPI schema), requested as
each of eleven roles; the answer must be the one written down in
tests/attack/expected.py. Any other answer fails (an unexpected 2xx, a 5xx, a
refusal where access is due), and so does a URL or operation with no entry.

Writes: every POST (pages) and POST/PUT/PATCH/DELETE (API) is attempted by
each role the table refuses, with a plausible payload: it must be refused
and no table may change (a checksum of every table before and after).

Canary: the world holds one sealed bid full of unique strings (text, team,
conflict note, file name and content, the price 987654.31): no response to
anyone but its bidder may carry one, and the bidder's own pages do.

``PORTAL_MATRIX_ONLY=<regex>`` narrows the targets to keys that match (while
working on a few URLs); ``PORTAL_MATRIX_DUMP=<file>`` writes the answers seen
as a table in the format of expected.py (for a new URL: review every 2xx
before copying)."""

from __future__ import annotations

import os
import re
import time
from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings

from tests.attack import probe
from tests.attack.expected import EXPECTED, LOGIN, answer_of
from tests.attack.targets import api_operations, api_targets, page_targets
from tests.attack.world import (
    CANARY_CONFLICT,
    CANARY_FILE_CONTENT,
    CANARY_TEAM,
    CANARY_TEXT,
    ROLES,
    build_world,
)
from tests.e2e.pages import named_urls

pytestmark = pytest.mark.slow

BIDDER = "consultant_a"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction rolled back at the end."""
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        transaction.atomic(),
    ):
        built = build_world()
        built.clients = {
            role: probe.client_for(user) for role, user in built.users.items()
        }
        pages, built.unfilled = page_targets(built)
        built.targets = pages + api_targets(built)
        only = os.environ.get("PORTAL_MATRIX_ONLY")
        if only:  # while working on a few URLs (a regular expression on keys)
            built.targets = [t for t in built.targets if re.search(only, t.key)]
        yield built
        transaction.set_rollback(True)


def test_every_url_and_operation_has_an_entry():
    """Without the database: a new URL or operation cannot be added without
    deciding who may see it, and the table names nothing the portal lacks."""
    names = {u.name for u in named_urls() if not u.route.startswith("api/v1/")}
    keys = {key.split("#")[0] for key in EXPECTED}
    operations = {f"API {method} {path}" for method, path in api_operations()}
    missing = sorted((names | operations) - keys)
    assert not missing, "no entry in tests/attack/expected.py for:\n" + "\n".join(
        missing
    )
    stale = sorted(keys - names - operations)
    assert not stale, f"expected.py names what the portal no longer has: {stale}"
    for key, row in EXPECTED.items():
        assert set(row) == set(ROLES), key


def observed(answer: probe.Answer):
    """The table's word for an answer: LOGIN for a redirect to a sign-in page."""
    if answer.status in (301, 302) and "/login/" in answer.location:
        return LOGIN
    return answer.status


def test_every_url_as_every_role_answers_as_the_table_says(world, db):
    failures, seen, leaks, spent = [], {}, [], Counter()
    for target in world.targets:
        row = EXPECTED.get(target.key)
        seen[target.key] = {}
        started = time.monotonic()
        for role in ROLES:
            answer = probe.request(world.clients[role], target.method, target.path)
            got = observed(answer)
            seen[target.key][role] = got
            if answer.status >= 500:
                failures.append(f"{target.key} as {role}: HTTP {answer.status}")
            elif row is None:
                pass  # reported once below
            elif got != row[role]:
                failures.append(
                    f"{target.key} ({target.method} {target.path}) as {role}: "
                    f"{got}, the table says {row[role]}"
                )
            if role != BIDDER:
                for canary in probe.canaries_in(answer.body):
                    leaks.append(f"{target.key} as {role}: {canary}")
        spent[target.key] = time.monotonic() - started
    missing = sorted({t.key for t in world.targets} - set(EXPECTED))
    if os.environ.get("PORTAL_MATRIX_DUMP"):
        _dump(seen, os.environ["PORTAL_MATRIX_DUMP"])
    checked = len(world.targets) * len(ROLES)
    print(
        f"\naccess matrix: {len(world.targets)} URLs and operations × "
        f"{len(ROLES)} roles = {checked} requests checked; slowest: "
        + ", ".join(f"{key} {seconds:.1f} s" for key, seconds in spent.most_common(8))
    )
    assert not world.unfilled, f"no object in the world for: {world.unfilled}"
    assert not missing, f"no entry in expected.py for: {missing}"
    assert not leaks, "sealed bid content leaked:\n" + "\n".join(leaks)
    assert not failures, f"{len(failures)} answers differ:\n" + "\n".join(failures)


def test_the_bidder_reads_every_canary_of_the_own_bid(world, db):
    """So that the canary scan cannot pass for nothing: the bidder's own pages
    carry every canary the scan looks for."""
    by_key = {t.key: t for t in world.targets}
    if os.environ.get("PORTAL_MATRIX_ONLY"):
        pytest.skip("the bidder's pages are not all among the narrowed targets")
    client = world.clients[BIDDER]
    page = probe.request(client, "GET", by_key["procurement:bid-detail"].path)
    assert page.status == 200
    for canary in (CANARY_TEXT, CANARY_TEAM, CANARY_CONFLICT):
        assert canary in page.body
    assert "the canary price" in probe.canaries_in(page.body)
    api = probe.request(client, "GET", by_key["API GET /api/v1/bids/{id}/"].path)
    assert "the canary price" in probe.canaries_in(api.body)
    assert CANARY_TEXT in api.body and CANARY_TEAM in api.body
    for key in ("procurement:bidfile-download", "procurement:biddraft-download"):
        download = probe.request(client, "GET", by_key[key].path)
        assert download.status == 200, key
        assert CANARY_FILE_CONTENT in download.body, key


def refused(value) -> bool:
    return value == LOGIN or value in (403, 404, 405)


def refuses_writes(target, value) -> bool:
    """A GET answered 405 (the admin's logout) says nothing about a POST;
    every other refusal of a page covers its form's POST too."""
    if value == 405 and target.method == "GET" and not target.key.startswith("API"):
        return False
    return refused(value)


def writes(world) -> list[tuple]:
    """(target, role) of every write the table refuses."""
    found = []
    for target in world.targets:
        api = target.key.startswith("API ")
        if api and target.method == "GET":
            continue
        for role in ROLES:
            if refuses_writes(target, EXPECTED[target.key][role]):
                method = target.method if api else "POST"
                found.append((target, role, method))
    return found


def test_refused_writes_change_no_table(world, db):
    """Each target's refused writes in one savepoint, every table's checksum
    compared at its end; a change is then traced to the request alone."""
    before = probe.table_checksums()
    failures, attempted = [], 0
    by_target: dict = {}
    for target, role, method in writes(world):
        by_target.setdefault(target, []).append((role, method))
    for target, attempts in by_target.items():
        with transaction.atomic():
            for role, method in attempts:
                attempted += 1
                answer = probe.send(world.clients[role], method, target.path)
                if not refused(observed(answer)):
                    failures.append(
                        f"{method} {target.path} ({target.key}) as {role}: "
                        f"{answer.status} {answer.location}, not refused"
                    )
            changed = probe.changed_tables(before, probe.table_checksums())
            transaction.set_rollback(True)
        if changed:
            for role, method in attempts:
                with transaction.atomic():
                    probe.send(world.clients[role], method, target.path)
                    alone = probe.changed_tables(before, probe.table_checksums())
                    transaction.set_rollback(True)
                if alone:
                    failures.append(
                        f"{method} {target.path} ({target.key}) as {role} "
                        f"changed {alone}"
                    )
    print(
        f"\nrefused writes: {attempted} attempts on {len(by_target)} URLs and "
        f"operations, {len(before)} tables checksummed"
    )
    if not os.environ.get("PORTAL_MATRIX_ONLY"):
        assert attempted > 500
    assert not failures, f"{len(failures)} refused writes:\n" + "\n".join(failures)


def _dump(seen: dict, path: str) -> None:
    lines = []
    for key, row in seen.items():
        counts = Counter(row.values())
        default = counts.most_common(1)[0][0]
        overrides = ", ".join(
            f"{role}={answer_of(value)}"
            for role, value in row.items()
            if value != default
        )
        args = answer_of(default) + (f", {overrides}" if overrides else "")
        lines.append(f'    "{key}": answer({args}),')
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
