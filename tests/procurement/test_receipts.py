"""Bid receipts prove what was submitted without revealing it: a database dump
does not let anyone test guessed prices against the digest, while the bidder,
who alone gets the salt and the receipt document, checks it offline."""

import hashlib
import hmac
import json
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from procurement import crypto
from procurement.files import check_upload
from procurement.models import BidReceipt
from tests.procurement.factories import (
    certified_consultant,
    pdf_upload,
    published_tender,
    submit_bid,
)

PRICE = "123457.00"
# a bidder's price is a round-ish number in a plausible range: the attacker
# tries all of them (the real one among them)
CANDIDATES = [f"{Decimal(n):.2f}" for n in range(118_000, 128_001)]
assert PRICE in CANDIDATES


def dump_row(table: str, pk: int) -> dict:
    """One row as a database dump shows it: every column, raw."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        names = [column.name for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def dump_rows(table: str, where: str, value) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {where} = %s", [value])
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def dump_bid(pk: int) -> dict:
    """The bid's row as a dump shows it, but with its texts in clear: the
    texts are sealed in the dump too; granting them to the attacker leaves
    the price as the only unknown, the strongest case for the receipts."""
    from procurement.models import Bid

    row = dump_row("procurement_bid", pk)
    bid = Bid.objects.get(pk=pk)
    for name in ("technical_proposal", "proposed_team", "conflict_of_interest_note"):
        row[name] = getattr(bid, name)
    return row


def raw_bytes(value) -> bytes:
    if isinstance(value, memoryview):
        return value.tobytes()
    if isinstance(value, bytes):
        return value
    return str(value).encode()


def old_document(bid: dict, receipt: dict, files: list[dict], price: str) -> bytes:
    """The receipt document rebuilt from clear-text columns, as the attack did."""
    document = {
        "tender": bid["tender_id"],
        "consultant": bid["consultant_id"],
        "status": bid["status"],
        "technical_proposal": bid["technical_proposal"],
        "proposed_team": bid["proposed_team"],
        "conflict_of_interest_declared": bid["conflict_of_interest_declared"],
        "conflict_of_interest_note": bid["conflict_of_interest_note"],
        "price": price,
        "files": sorted(f"{f['kind']}:{f['sha256']}" for f in files),
        "time": receipt["created_at"].isoformat(),
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False).encode()


def brute_force(bid: dict, receipt: dict, files: list[dict], salts) -> list[str]:
    """Prices whose document hashes to the stored digest: plain SHA-256 (the
    old receipts) and, for each salt the attacker can get, salted variants."""
    found = []
    for price in CANDIDATES:
        document = old_document(bid, receipt, files, price)
        guesses = [hashlib.sha256(document).hexdigest()]
        for salt in salts:
            guesses += [
                hmac.new(salt, document, hashlib.sha256).hexdigest(),
                hashlib.sha256(salt + document).hexdigest(),
                hashlib.sha256(document + salt).hexdigest(),
            ]
        if receipt["digest"] in guesses:
            found.append(price)
    return found


@pytest.fixture
def submitted(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tender = published_tender()
    bidder = certified_consultant()
    receipt = submit_bid(
        tender,
        bidder,
        PRICE,
        files=[("technical", check_upload(pdf_upload()))],
    )
    return bidder, receipt


@pytest.mark.django_db
class TestDatabaseDump:
    def test_brute_force_over_prices_finds_nothing(self, submitted):
        _, receipt = submitted
        bid = dump_bid(receipt.bid_id)
        row = dump_row("procurement_bidreceipt", receipt.pk)
        files = dump_rows("procurement_bidfile", "bid_id", receipt.bid_id)
        assert files and row["digest"] == receipt.digest
        assert brute_force(bid, row, files, salts=[]) == []
        # what the dump has of the salt: the sealed token and every other
        # binary column, tried as salts too
        stored = [
            raw_bytes(v) for v in row.values() if isinstance(v, bytes | memoryview)
        ]
        assert stored
        assert brute_force(bid, row, files, salts=stored) == []

    def test_the_attack_works_with_the_salt_the_dump_does_not_have(self, submitted):
        """The brute force above is the real attack: given the unsealed salt
        (what only the key opens) it finds the price, so 'nothing found' is
        due to the sealed salt, not to a broken harness."""
        _, receipt = submitted
        bid = dump_bid(receipt.bid_id)
        row = dump_row("procurement_bidreceipt", receipt.pk)
        files = dump_rows("procurement_bidfile", "bid_id", receipt.bid_id)
        salt = crypto.decrypt(row["sealed_salt"])
        assert len(salt) == 32
        assert brute_force(bid, row, files, salts=[salt]) == [PRICE]

    def test_the_price_is_in_no_column(self, submitted):
        _, receipt = submitted
        rows = [
            dump_row("procurement_bid", receipt.bid_id),
            dump_row("procurement_bidreceipt", receipt.pk),
            *dump_rows("procurement_bidfile", "bid_id", receipt.bid_id),
        ]
        for row in rows:
            for column, value in row.items():
                data = raw_bytes(value)
                for needle in (PRICE, "123457", "123 457"):
                    assert needle.encode() not in data, column

    def test_every_receipt_has_its_own_salt(self, submitted):
        bidder, first = submitted
        second = submit_bid(first.bid.tender, bidder, PRICE)
        salts = {r.salt_hex() for r in BidReceipt.objects.all()}
        assert len(salts) == 2 and first.digest != second.digest


@pytest.mark.django_db
class TestBidderVerifies:
    def test_the_page_recipe_matches_the_digest(self, submitted, client_for):
        bidder, receipt = submitted
        client = client_for(bidder.user)
        page = client.get(reverse("procurement:bid-detail", args=[receipt.bid_id]))
        body = page.content.decode()
        assert receipt.digest in body and "openssl dgst -sha256 -mac HMAC" in body
        salt = re.search(r'<code class="salt">([0-9a-f]{64})</code>', body).group(1)
        document = client.get(receipt.get_absolute_url())
        assert document.status_code == 200
        assert document["Cache-Control"] == "private, no-store"
        data = document.content
        assert json.loads(data)["price"] == PRICE
        assert hmac.new(bytes.fromhex(salt), data, hashlib.sha256).hexdigest() == (
            receipt.digest
        )

    @pytest.mark.skipif(not shutil.which("openssl"), reason="no openssl")
    def test_the_openssl_command_shown_matches(self, submitted, tmp_path):
        _, receipt = submitted
        path = tmp_path / "receipt.json"
        path.write_bytes(receipt.document())
        result = subprocess.run(
            [
                "openssl",
                "dgst",
                "-sha256",
                "-mac",
                "HMAC",
                "-macopt",
                f"hexkey:{receipt.salt_hex()}",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip().endswith(receipt.digest)

    def test_the_api_gives_salt_and_document_to_the_bidder(self, submitted, client_for):
        bidder, receipt = submitted
        client = client_for(bidder.user)
        body = client.get(f"/api/v1/bids/{receipt.bid_id}/").json()
        (shown,) = body["receipts"]
        assert shown["salt"] == receipt.salt_hex()
        data = client.get(shown["document_url"]).content
        assert (
            hmac.new(bytes.fromhex(shown["salt"]), data, hashlib.sha256).hexdigest()
            == (shown["digest"])
        )

    def test_nobody_else_gets_salt_or_document(self, submitted, client_for):
        _, receipt = submitted
        other = certified_consultant()
        client = client_for(other.user)
        assert client.get(receipt.get_absolute_url()).status_code == 404
        page = client_for(None).get(receipt.get_absolute_url())
        assert page.status_code in (302, 404)
        assert receipt.salt_hex() not in page.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestEarlierReceipts:
    def test_the_migration_makes_old_digests_useless_to_a_brute_force(
        self, settings, tmp_path
    ):
        from django.db.migrations.executor import MigrationExecutor

        settings.MEDIA_ROOT = tmp_path
        tender = published_tender()
        receipt = submit_bid(tender, certified_consultant(), PRICE)
        before = ("procurement", "0003_list_filter_indexes")
        executor = MigrationExecutor(connection)
        executor.migrate([before])
        try:
            # the bid's texts as the old code stored them: in clear
            bid = dump_row("procurement_bid", receipt.bid_id)
            # a receipt as the old code wrote it: plain SHA-256 of the document
            row = dump_row("procurement_bidreceipt", receipt.pk)
            old = hashlib.sha256(old_document(bid, row, [], PRICE)).hexdigest()
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE procurement_bidreceipt SET digest = %s WHERE id = %s",
                    [old, receipt.pk],
                )
            assert brute_force(
                bid, dump_row("procurement_bidreceipt", receipt.pk), [], []
            )
        finally:
            executor = MigrationExecutor(connection)
            executor.loader.build_graph()
            # forward to every app's latest state, not just past the salt
            # migration: later tests need the later tables
            executor.migrate(executor.loader.graph.leaf_nodes())
        row = dump_row("procurement_bidreceipt", receipt.pk)
        assert row["digest"] != old
        assert brute_force(bid, row, [], salts=[raw_bytes(row["sealed_salt"])]) == []
        # the bidder checks it with the salt shown to them and the old digest
        migrated = BidReceipt.objects.get(pk=receipt.pk)
        assert migrated.is_legacy and migrated.document() == b""
        salt = bytes.fromhex(migrated.salt_hex())
        assert hashlib.sha256(salt + bytes.fromhex(old)).hexdigest() == row["digest"]
