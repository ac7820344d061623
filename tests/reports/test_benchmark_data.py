"""`manage.py generate_benchmark_data` at a small scale: counts in proportion,
the same digest twice, and the data as the app expects it (generated columns,
trigger-maintained columns, sealed bids, pages that render)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from consultants.models import Consultant
from municipalities.models import District
from portal.reports import benchmark
from procurement import crypto
from procurement.models import Bid, Tender

SCALE = 0.001


def _sql(query, params=None):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _count(table):
    return _sql(f"SELECT count(*) FROM {table}")[0][0]


@pytest.fixture
def loaded(db):
    return benchmark.generate(SCALE, progress=False)


class TestGenerateBenchmarkData:
    def test_counts_are_in_proportion_to_the_scale(self, loaded):
        expected = benchmark.counts(SCALE)
        assert expected["consultants"] == 100
        rows = loaded["rows"]
        assert rows["consultants_consultant"] == expected["consultants"]
        assert rows["procurement_tender"] == expected["tenders"]
        assert rows["trainings_training"] == expected["trainings"]
        assert rows["trainings_certificate"] == expected["certificates"]
        assert rows["procurement_bid"] == pytest.approx(expected["bids"], rel=0.1)
        assert rows["notifications_notification"] == pytest.approx(
            expected["notifications"], rel=0.05
        )
        # what was counted is what is in the tables (the 23 first members and
        # the 2022 training come from the migrations)
        assert _count("consultants_consultant") == expected["consultants"] + 23
        assert _count("procurement_bid") == rows["procurement_bid"]
        assert (
            _count("notifications_notification") == rows["notifications_notification"]
        )

    def test_the_same_scale_gives_the_same_digest(self, db):
        digests = []
        for _ in range(2):
            with transaction.atomic():
                digests.append(benchmark.generate(SCALE, progress=False)["digest"])
                transaction.set_rollback(True)
        assert digests[0] == digests[1]
        with transaction.atomic():
            other = benchmark.generate(SCALE * 2, progress=False)["digest"]
            transaction.set_rollback(True)
        assert other != digests[0]

    def test_search_document_and_expertise_text_are_as_the_app_writes_them(
        self, loaded
    ):
        assert not _sql(
            "SELECT id FROM consultants_consultant WHERE search_document IS NULL"
            " OR expertise_text <> consultant_expertise_text(id)"
            " OR search_words IS NULL OR search_words = ''"
            " OR search_words <> portal_words(search_folded)"
        )
        generated = Consultant.objects.filter(email__endswith="@bench.kg")
        assert not generated.filter(expertise_text="").exists()
        consultant = generated.first()
        assert consultant.name_ky.lower() in consultant.search_document
        area = consultant.expertise_areas.first()
        assert area.name_ky in consultant.expertise_text
        # the app's own search finds it by a word of its name
        word = consultant.name_ky.split()[0].strip("«»")
        assert Consultant.objects.filter(search_document__contains=word.lower())

    def test_the_filter_arrays_are_as_the_app_writes_them(self, loaded):
        """district_ids and expertise_ids arrive with the rows (the triggers
        off meanwhile): they are what the app's functions compute, and the
        filters that read them find the generated rows."""
        assert not _sql(
            "SELECT id FROM consultants_consultant"
            " WHERE district_ids <> consultant_district_ids(id)"
            " OR expertise_ids <> consultant_expertise_ids(id)"
        )
        assert not _sql(
            "SELECT id FROM procurement_tender"
            " WHERE expertise_ids <> tender_expertise_ids(id)"
        )
        generated = Consultant.objects.filter(email__endswith="@bench.kg")
        assert not generated.filter(expertise_ids=[]).exists()
        assert generated.exclude(district_ids=[]).exists()
        assert not Tender.objects.filter(expertise_ids=[]).exists()
        serving = generated.exclude(district_ids=[]).first()
        district = serving.districts_served.first()
        assert Consultant.objects.for_district(district).filter(pk=serving.pk)
        tender = Tender.objects.first()
        area = tender.expertise_areas.first()
        assert Tender.objects.with_expertise(area).filter(pk=tender.pk)
        # the triggers are on again: a district added afterwards is counted
        other = District.objects.exclude(pk__in=serving.district_ids).first()
        serving.districts_served.add(other)
        serving.refresh_from_db()
        assert other.pk in serving.district_ids

    def test_sealed_bids_are_not_readable_in_a_dump(self, loaded):
        sealed = _sql(
            "SELECT sealed_price, technical_proposal FROM procurement_bid"
            " WHERE sealed_price IS NOT NULL"
        )
        assert sealed
        for price_token, proposal_token in sealed[:50]:
            price = crypto.unseal_price(bytes(price_token))
            assert price > 0
            assert str(int(price)).encode() not in bytes(price_token)
            assert b"\xd0" not in bytes(proposal_token)  # no Cyrillic in clear
        bid = Bid.objects.filter(sealed_price__isnull=False).first()
        assert bid.technical_proposal.startswith("Методология")
        opened = Bid.objects.filter(price__isnull=False).first()
        assert opened.sealed_price is None and opened.tender.status in (
            "evaluated", "award_pending", "awarded", "contract_signed", "completed"
        )  # fmt: skip

    def test_the_database_carries_the_marker_and_sequences_continue(self, loaded):
        name = connection.settings_dict["NAME"]
        comment = _sql(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname = %s",
            [name],
        )[0][0]
        assert comment == benchmark.marker(SCALE, loaded["digest"])
        tender = Tender.objects.order_by("-pk").first()
        new = Tender.objects.create(
            title="new", municipality=tender.municipality, estimated_budget=1
        )
        assert new.pk > tender.pk

    def test_pages_render_with_the_data(self, loaded, client):
        tender = Tender.objects.filter(status="published").first() or (
            Tender.objects.filter(status="completed").first()
        )
        consultant = Consultant.objects.filter(status="certified").last()
        for path in (
            "/ky/consultants/",
            "/ky/consultants/?q=фонду",
            f"/ky/consultants/{consultant.pk}/",
            "/ky/tenders/",
            f"/ru/tenders/{tender.pk}/",
            "/api/v1/consultants/",
            "/ky/",
        ):
            assert client.get(path).status_code == 200, path

    def test_refuses_a_database_that_already_has_tenders(self, loaded):
        with pytest.raises(CommandError, match="already has tenders"):
            call_command(
                "generate_benchmark_data", "--scale", "0.001", stdout=StringIO()
            )

    def test_the_command_prints_rows_and_digest(self, db):
        out = StringIO()
        with transaction.atomic():
            call_command(
                "generate_benchmark_data",
                "--scale",
                "0.001",
                "--quiet",
                stdout=out,
                stderr=StringIO(),
            )
            transaction.set_rollback(True)
        assert "procurement_bid" in out.getvalue()
        assert "digest " in out.getvalue()

    def test_database_names_carry_scale_and_version(self):
        assert benchmark.database_name(0.1) == (
            f"bench_s0_1_v{benchmark.GENERATOR_VERSION}"
        )
        assert benchmark.database_name(1) == f"bench_s1_v{benchmark.GENERATOR_VERSION}"
