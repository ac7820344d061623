"""Sealing per envelope. The technical envelope (proposal, team, conflict
note, technical files) is read by the bidder alone until the technical
opening; the financial envelope (price, financial files) until the financial
opening, by any channel — page, API, file URL, admin, OCDS, email — and
neither is in a database dump, ever: the texts are stored encrypted."""

import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from procurement import services
from procurement.files import check_upload
from procurement.models import Bid
from tests.notifications.helpers import deliver
from tests.procurement.factories import (
    committee_scores,
    move_past,
    name_committee,
    pdf_upload,
)
from tests.procurement.test_receipts import dump_row, dump_rows, raw_bytes
from tests.procurement.test_sealed import PRICE, SECRET_TEXT, price_shown, sealed

__all__ = ["sealed"]  # the fixture, shared with test_sealed

TEAM = "Бүбүсара Токтогулова 4417 — экономист"
NOTE = "Мурда айыл өкмөтүндө иштегем 9923"


def bid_columns(bid_id: int) -> list[bytes]:
    rows = [dump_row("procurement_bid", bid_id)]
    rows += dump_rows("procurement_bidfile", "bid_id", bid_id)
    rows += dump_rows("procurement_bidreceipt", "bid_id", bid_id)
    return [raw_bytes(v) for row in rows for v in row.values() if v is not None]


@pytest.fixture
def envelopes(sealed):
    """The sealed fixture's bid with a team, a conflict note and a financial
    file too."""
    tender, bid, roles, staff = sealed
    receipt = services.bid_submit(
        tender=tender,
        consultant=bid.consultant,
        content=services.BidContent(
            technical_proposal=SECRET_TEXT,
            proposed_team=TEAM,
            price=Decimal(PRICE),
            conflict_of_interest_declared=True,
            conflict_of_interest_note=NOTE,
            files=(("financial", check_upload(pdf_upload("offer.pdf"))),),
        ),
    )
    return tender, receipt.bid, roles, staff


@pytest.mark.django_db
class TestDatabaseDump:
    def test_no_part_of_a_bid_is_in_the_dump(self, envelopes):
        tender, bid, roles, staff = envelopes
        columns = bid_columns(bid.pk)
        for needle in (SECRET_TEXT, TEAM, NOTE, "7731", "4417", "9923"):
            for data in columns:
                assert needle.encode() not in data, needle
        assert not any(price_shown(d.decode(errors="replace")) for d in columns)
        # and the model reads it back
        fresh = Bid.objects.get(pk=bid.pk)
        assert (fresh.technical_proposal, fresh.proposed_team) == (SECRET_TEXT, TEAM)
        assert fresh.conflict_of_interest_note == NOTE

    def test_the_texts_stay_encrypted_at_rest_after_the_opening(self, envelopes):
        tender, bid, roles, staff = envelopes
        with time_machine.travel(move_past(tender.opening_at), tick=False):
            services.tender_open(tender=tender, by=staff)
        for data in bid_columns(bid.pk):
            assert SECRET_TEXT.encode() not in data and TEAM.encode() not in data


@pytest.fixture
def technically_opened(envelopes):
    tender, bid, roles, staff = envelopes
    members = name_committee(tender, staff)
    with time_machine.travel(move_past(tender.opening_at), tick=False):
        services.tender_open(tender=tender, by=staff)
    tender.refresh_from_db()
    roles = roles | {"undeclared_member": members[0].user}
    return tender, Bid.objects.get(pk=bid.pk), roles, staff, members


OVERSEERS = ["municipal_staff", "coordinator", "academy_admin"]


@pytest.mark.django_db
class TestBetweenTheEnvelopes:
    """After the technical opening, before the financial one."""

    @pytest.mark.parametrize("role", OVERSEERS)
    def test_the_technical_envelope_is_read_but_not_the_price(
        self, client_for, technically_opened, role
    ):
        tender, bid, roles, staff, members = technically_opened
        client = client_for(roles[role])
        page = client.get(bid.get_absolute_url()).content.decode()
        assert SECRET_TEXT in page and TEAM in page
        assert not price_shown(page)
        api = client.get(f"/api/v1/bids/{bid.pk}/").json()
        assert api["technical_proposal"] == SECRET_TEXT
        assert api["price"] is None
        technical = bid.files.get(kind="technical")
        financial = bid.files.get(kind="financial")
        assert client.get(technical.get_absolute_url()).status_code == 200
        assert client.get(financial.get_absolute_url()).status_code == 404
        body = client.get(tender.get_absolute_url()).content.decode()
        assert 'id="opening-record"' in body and not price_shown(body)

    def test_the_bidder_still_reads_everything(self, client_for, technically_opened):
        tender, bid, roles, staff, members = technically_opened
        client = client_for(roles["bidder"])
        assert price_shown(client.get(bid.get_absolute_url()).content.decode())
        financial = bid.files.get(kind="financial")
        assert client.get(financial.get_absolute_url()).status_code == 200

    def test_an_undeclared_member_reads_nothing(self, client_for, technically_opened):
        tender, bid, roles, staff, members = technically_opened
        client = client_for(roles["undeclared_member"])
        for url in (
            bid.get_absolute_url(),
            f"/api/v1/bids/{bid.pk}/",
            bid.files.get(kind="technical").get_absolute_url(),
        ):
            response = client.get(url)
            assert response.status_code in (403, 404), url
            assert SECRET_TEXT not in response.content.decode(errors="replace")

    def test_ocds_and_admin_show_no_price(self, client_for, technically_opened):
        tender, bid, roles, staff, members = technically_opened
        ocds = client_for(None).get("/api/v1/ocds/release-package/")
        assert ocds.status_code == 200
        body = b"".join(ocds.streaming_content).decode()
        assert not price_shown(body) and SECRET_TEXT not in body
        admin = client_for(roles["academy_admin"])
        for url in (
            reverse("admin:procurement_bid_changelist"),
            reverse("admin:procurement_bid_change", args=[bid.pk]),
        ):
            page = admin.get(url).content.decode()
            assert SECRET_TEXT not in page and not price_shown(page)

    def test_emails_carry_no_part_of_a_bid(self, technically_opened):
        tender, bid, roles, staff, members = technically_opened
        sent = deliver()
        assert sent  # the receipts and the opening notice
        for message in sent:
            texts = [message.body] + [a[0] for a in message.alternatives]
            for text in texts:
                assert SECRET_TEXT not in text and TEAM not in text
                if message.to != [bid.consultant.user.email]:
                    assert not price_shown(text)
        opening = [
            m
            for m in sent
            if "opened" in m.subject.lower() or "ачыл" in m.subject.lower()
        ]
        for message in opening:
            assert not price_shown(message.body)


@pytest.mark.django_db
class TestAfterTheFinancialOpening:
    def test_the_public_opening_record_shows_the_price(
        self, client_for, technically_opened
    ):
        tender, bid, roles, staff, members = technically_opened
        scores = {
            (b.pk, c.pk): Decimal(90)
            for b in tender.bids.valid()
            for c in tender.criteria.all()
        }
        committee_scores(tender, members, scores)
        services.technical_evaluation_complete(tender=tender, by=staff)
        assert not price_shown(
            client_for(staff).get(bid.get_absolute_url()).content.decode()
        )
        services.financial_open(tender=tender, by=staff)
        body = client_for(None).get(tender.get_absolute_url()).content.decode()
        assert 'id="opening-record"' in body and price_shown(body)
        page = client_for(staff).get(bid.get_absolute_url()).content.decode()
        assert price_shown(page)
        financial = Bid.objects.get(pk=bid.pk).files.get(kind="financial")
        assert client_for(staff).get(financial.get_absolute_url()).status_code == 200
        # at rest the texts are still ciphertext
        for data in bid_columns(bid.pk):
            assert SECRET_TEXT.encode() not in data


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestMigration:
    def test_clear_texts_are_encrypted_by_the_migration(self, sealed):
        from django.db.migrations.executor import MigrationExecutor

        tender, bid, roles, staff = sealed
        before = ("procurement", "0008_subscribe_members")
        executor = MigrationExecutor(connection)
        latest = executor.loader.graph.leaf_nodes("procurement")
        executor.migrate([before])
        try:
            # as the earlier code stored it: the text in clear
            row = dump_row("procurement_bid", bid.pk)
            assert row["technical_proposal"] == SECRET_TEXT
        finally:
            executor = MigrationExecutor(connection)
            executor.loader.build_graph()
            executor.migrate(latest)
        row = dump_row("procurement_bid", bid.pk)
        data = raw_bytes(row["technical_proposal"])
        assert SECRET_TEXT.encode() not in data and data.startswith(b"gAAAA")
        assert Bid.objects.get(pk=bid.pk).technical_proposal == SECRET_TEXT


def test_prices_in_the_dump_helper_are_found():
    """price_shown, the helper the dump tests trust, does see a price."""
    assert price_shown(f"x {PRICE} y") and re.search("7731", SECRET_TEXT)
