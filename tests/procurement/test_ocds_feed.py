"""The OCDS feed fetched page by page, and the daily bulk files."""

import json
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from procurement.models import Release, TenderStatus
from procurement.ocds import bulk
from procurement.tasks import ocds_bulk_files
from tests.procurement.factories import published_tender, tender_at_status
from tests.procurement.test_ocds import get_json, validate_package

RELEASES = "/api/v1/ocds/release-package/"
RECORDS = "/api/v1/ocds/record-package/"


def walk(client, url):
    """Every page from `url` on, following links.next."""
    pages = []
    while url:
        page = get_json(client, url)
        pages.append(page)
        url = page.get("links", {}).get("next")
    return pages


@pytest.mark.django_db
class TestPagination:
    def test_walk_gets_every_release_once_by_date_then_id(self, client):
        for status in (TenderStatus.COMPLETED, TenderStatus.OPENED):
            tender_at_status(status)
        total = Release.objects.count()
        pages = walk(client, f"{RELEASES}?size=3")
        assert len(pages) == -(-total // 3)
        assert all(len(page["releases"]) == 3 for page in pages[:-1])
        ids = [r["id"] for page in pages for r in page["releases"]]
        expected = list(
            Release.objects.order_by("date", "release_id").values_list(
                "release_id", flat=True
            )
        )
        assert ids == expected
        assert pages[0]["links"]["next"].startswith("http://testserver/api/v1/")
        assert "size=3" in pages[0]["links"]["next"]
        assert "links" not in pages[-1]
        for page in pages:
            assert validate_package(page, "release") == []

    def test_a_release_stored_during_the_walk_is_not_missed_nor_repeated(self, client):
        tender_at_status(TenderStatus.COMPLETED)
        first = get_json(client, f"{RELEASES}?size=2")
        # a new release, dated after all others (the tender's events were
        # driven into the future by time travel)
        last = Release.objects.latest("date").date
        with time_machine.travel(last + timedelta(seconds=1), tick=False):
            later = published_tender()
        rest = walk(client, first["links"]["next"])
        ids = [r["id"] for r in first["releases"]] + [
            r["id"] for page in rest for r in page["releases"]
        ]
        assert len(ids) == len(set(ids)) == Release.objects.count()
        assert ids[-1] == f"{later.ocid}-tender"

    def test_page_size_is_capped_and_checked(self, client, settings):
        tender_at_status(TenderStatus.COMPLETED)
        settings.OCDS_PAGE_SIZE = 2
        settings.OCDS_PAGE_SIZE_MAX = 4
        assert len(get_json(client, RELEASES)["releases"]) == 2
        assert len(get_json(client, f"{RELEASES}?size=500")["releases"]) == 4
        response = client.get(f"{RELEASES}?size=many")
        assert response.status_code == 400
        assert "size" in response.json()

    def test_a_bad_cursor_is_refused_clearly(self, client):
        tender_at_status(TenderStatus.PUBLISHED)
        for cursor in ("nonsense", "bm90fGE", "MjAyNi0wMS0wMXw"):
            response = client.get(f"{RELEASES}?after={cursor}")
            assert response.status_code == 400
            assert "links.next" in response.json()["after"][0]
        ru = client.get(f"{RELEASES}?after=x", HTTP_ACCEPT_LANGUAGE="ru")
        assert ru.status_code == 400

    def test_record_pages(self, client):
        tenders = [tender_at_status(TenderStatus.PUBLISHED)[0] for _ in range(3)]
        pages = walk(client, f"{RECORDS}?size=2")
        assert [len(p["records"]) for p in pages] == [2, 1]
        ocids = [r["ocid"] for p in pages for r in p["records"]]
        assert ocids == [t.ocid for t in tenders]
        for page in pages:
            assert validate_package(page, "record") == []
        # a record keeps its place when more happens to it
        from procurement import services

        services.tender_cancel(
            tender=tenders[0], by=None, reason="no_funds", explanation="Жок."
        )
        again = walk(client, f"{RECORDS}?size=2")
        assert [r["ocid"] for p in again for r in p["records"]] == ocids
        assert again[0]["records"][0]["compiledRelease"]["tender"]["status"] == (
            "cancelled"
        )

    def test_queries_do_not_grow_with_the_page(
        self, client, django_assert_max_num_queries
    ):
        for _ in range(2):
            tender_at_status(TenderStatus.COMPLETED)
        with django_assert_max_num_queries(3):
            get_json(client, f"{RELEASES}?size=1000")
        with django_assert_max_num_queries(4):
            get_json(client, f"{RECORDS}?size=1000")


@pytest.mark.django_db
class TestBulkFiles:
    def test_one_json_lines_file_a_day(self, client, settings, tmp_path):
        settings.OCDS_BULK_DIR = tmp_path / "ocds"
        tender, _ = tender_at_status(TenderStatus.COMPLETED)
        today = timezone.localdate()
        # today is not finished: nothing yet
        call_command("ocds_bulk_files", stdout=StringIO())
        assert get_json(client, "/api/v1/ocds/bulk/") == {"files": []}
        last = Release.objects.latest("date").date
        with time_machine.travel(last + timedelta(days=2), tick=False):
            assert ocds_bulk_files() >= 1  # the nightly beat task
        days = {
            timezone.localtime(d).date()
            for d in Release.objects.values_list("date", flat=True)
        }
        listing = get_json(client, "/api/v1/ocds/bulk/")["files"]
        assert [f["date"] for f in listing] == sorted(d.isoformat() for d in days)
        lines = []
        for entry in listing:
            response = client.get(entry["url"])
            assert response.status_code == 200
            assert response["Content-Type"] == "application/x-ndjson"
            body = b"".join(response.streaming_content).decode()
            lines += [json.loads(line) for line in body.splitlines()]
        assert [r["id"] for r in lines] == list(
            Release.objects.order_by("date", "release_id").values_list(
                "release_id", flat=True
            )
        )
        assert client.get("/api/v1/ocds/bulk/1999-01-01.jsonl").status_code == 404
        assert client.get("/api/v1/ocds/bulk/2026-02-30.jsonl").status_code == 404
        assert client.get("/api/v1/ocds/bulk/../etc.jsonl").status_code == 404
        # a finished day is not written again unless asked
        path = bulk.path_for(today)
        assert path.exists()
        path.write_text("")
        call_command("ocds_bulk_files", stdout=StringIO())
        assert path.read_text() == ""
        call_command("ocds_bulk_files", "--day", today.isoformat(), stdout=StringIO())
        assert (
            path.read_text().count("\n")
            == Release.objects.filter(date__date=today).count()
        )
