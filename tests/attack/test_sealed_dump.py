"""A dump of the whole database and the media folder (what a backup holds)
shows no part of a sealed bid: not the texts, the price, the files' names or
contents, a draft file's name, nor anything an email, a notification, the
outbox or the audit log took from them. And what the portal logs while a bid
is submitted and opened holds none of it either."""

import logging
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from procurement import crypto, services
from procurement.models import Bid, BidDraftFile, BidFile
from tests.attack.sealed import (
    DRAFT_NAME,
    FILE_NAME,
    FILE_TEXT,
    FINANCIAL_NAME,
    NOTE,
    PRICE,
    TEAM,
    TECH,
    canary_pdf,
    leaks,
    plant,
    upload,
)
from tests.municipalities.factories import StaffMembershipFactory
from tests.notifications.helpers import deliver
from tests.procurement.factories import (
    certified_consultant,
    committee_scores,
    move_past,
    name_committee,
    published_tender,
    submit_bid,
)
from tests.procurement.test_receipts import dump_row, raw_bytes

PG_DUMP = shutil.which("pg_dump") or "/usr/lib/postgresql/15/bin/pg_dump"


def pg_dump() -> bytes:
    """The whole database as `pg_dump` writes it (plain format: every table,
    bytea as hex, JSON as stored)."""
    db = connection.settings_dict
    command = [PG_DUMP, "--no-owner", "--no-privileges", "-d", db["NAME"]]
    for option, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    result = subprocess.run(command, capture_output=True, check=True, timeout=120)
    return result.stdout


def media_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root@example.kg", "x")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_dump_and_the_media_hold_no_sealed_canary(
    settings, tmp_path, academy_admin, superuser
):
    settings.MEDIA_ROOT = tmp_path
    planted = plant(academy_admin, superuser)
    deliver()  # receipts through the outbox, the fan-out and the mail
    assert [d.original_name for d in BidDraftFile.objects.all()] == [DRAFT_NAME]
    assert {f.original_name for f in BidFile.objects.all()} == {
        FILE_NAME,
        FINANCIAL_NAME,
    }

    dump = pg_dump()
    assert b"CREATE TABLE public.procurement_bid " in dump
    assert b"COPY public.procurement_bidreceipt " in dump
    assert leaks(dump) == []
    assert leaks(media_bytes(tmp_path)) == []

    # not vacuous: the bidder reads it all back through the portal
    bid = planted.bid
    assert (bid.technical_proposal, bid.proposed_team) == (TECH, TEAM)
    assert f"{crypto.unseal_price(bid.sealed_price):.2f}" == PRICE


def test_the_dump_helper_finds_clear_text():
    assert leaks(TECH.encode().hex().encode()) == ["QZTECHCANARYA"]
    assert leaks(TECH) == ["QZTECHCANARYA", TECH]
    assert leaks(b"... 987651.37 ...") == ["price A"]


def bid_post(**fields) -> dict:
    data = {
        "technical_proposal": TECH,
        "proposed_team": TEAM,
        "price": PRICE,
        "conflict_of_interest_declared": "on",
        "conflict_of_interest_note": NOTE,
    }
    data.update(fields)
    return data


def log_text(records) -> str:
    return "\n".join(
        f"{record.getMessage()} {record.__dict__.get('params', '')}"
        for record in records
    )


@pytest.mark.django_db
def test_the_log_holds_no_sealed_canary(client_for, settings, tmp_path, caplog):
    """Everything logged at DEBUG (the SQL too, as make run's DEBUG=true logs
    it) while a bid is submitted on the page (a failed attempt keeping a
    draft file, then the bid), received, opened and evaluated: no part of the
    bid; and the financial opening logs no technical text."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    database = logging.getLogger("django.db.backends")
    caplog.set_level(logging.DEBUG)
    database.setLevel(logging.DEBUG)
    try:
        staff = StaffMembershipFactory().user
        tender = published_tender(municipality=staff.staff_membership.municipality)
        members = name_committee(tender, staff)
        bidder = certified_consultant()
        client = client_for(bidder.user)
        url = reverse("procurement:bid-submit", args=[tender.pk])
        failed = client.post(
            url, bid_post(technical_proposal="", cv_files=[file_upload(DRAFT_NAME)])
        )
        assert failed.status_code == 200
        assert [d.original_name for d in BidDraftFile.objects.all()] == [DRAFT_NAME]
        response = client.post(
            url,
            bid_post(
                technical_files=[file_upload(FILE_NAME)],
                financial_files=[file_upload(FINANCIAL_NAME)],
            ),
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        submit_bid(tender, certified_consultant(), "400000")
        deliver()
        with time_machine.travel(move_past(tender.opening_at), tick=False):
            services.tender_open(tender=tender, by=staff)
            scores = {
                (b.pk, c.pk): Decimal(90)
                for b in tender.bids.valid()
                for c in tender.criteria.all()
            }
            committee_scores(tender, members, scores)
            for member in members:  # the committee reads the technical envelope
                bid_page = client_for(member.user).get(
                    reverse("procurement:bid-detail", args=[bidder.bids.get().pk])
                )
                assert TECH in bid_page.content.decode()
            services.technical_evaluation_complete(tender=tender, by=staff)
            deliver()
            sealed_stage = list(caplog.records)
            caplog.clear()
            services.financial_open(tender=tender, by=staff)
            deliver()
    finally:
        database.setLevel(logging.INFO)
    text = log_text(sealed_stage)
    assert 'INSERT INTO "procurement_bid"' in text  # SQL was logged
    assert leaks(text) == []
    opened = log_text(caplog.records)
    assert leaks(opened, price=False) == []
    assert Bid.objects.get(consultant=bidder).price == Decimal(PRICE)


def file_upload(name):
    return SimpleUploadedFile(name, canary_pdf(FILE_TEXT), "application/pdf")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_seals_the_names_of_existing_files(settings, tmp_path):
    from django.db.migrations.executor import MigrationExecutor

    settings.MEDIA_ROOT = tmp_path
    tender = published_tender()
    bidder = certified_consultant()
    services.bid_drafts_keep(
        tender=tender, consultant=bidder, files=(("cv", upload(DRAFT_NAME)),)
    )
    bid = submit_bid(tender, bidder, files=[("technical", upload(FILE_NAME))]).bid
    rows = [
        ("procurement_bidfile", bid.files.get().pk),
        ("procurement_biddraftfile", BidDraftFile.objects.get().pk),
    ]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("procurement")
    executor.migrate([("procurement", "0020_database_defaults_for_bulk_loads")])
    try:
        # as the earlier code stored them: the names in clear
        names = {dump_row(table, pk)["original_name"] for table, pk in rows}
        assert names == {FILE_NAME, DRAFT_NAME}
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    for table, pk in rows:
        data = raw_bytes(dump_row(table, pk)["original_name"])
        assert leaks(data) == [] and data.startswith(b"gAAAA")
    assert bid.files.get().original_name == FILE_NAME
    assert BidDraftFile.objects.get().original_name == DRAFT_NAME
