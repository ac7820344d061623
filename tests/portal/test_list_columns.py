"""The list pages read only what their rows show: the search columns, the
biographies and the long descriptions stay in the database (a registry page
of them weighed ~70 kB), and no row loads a left-out column afterwards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultants.models import ExpertiseArea
from tests.consultants.factories import ConsultantFactory
from tests.procurement.factories import published_tender


def _row_query(client, url, table):
    client.get(url)  # fills the cached drop-downs
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    rows = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
        if "COUNT(" not in q["sql"]
    ]
    assert len(rows) == 1, rows
    return rows[0], len(ctx.captured_queries), response.content.decode()


@pytest.mark.django_db
class TestListColumns:
    @pytest.fixture(autouse=True)
    def _rendered(self, settings):
        settings.PAGE_CACHE_SECONDS = 0  # the rendering's queries, not a stored page

    def test_registry_rows_leave_out_search_columns_and_biographies(self, client):
        areas = list(ExpertiseArea.objects.all()[:2])
        for n in range(3):
            ConsultantFactory(name=f"Мүчө {n}", bio="Өмүр баяны", expertise_areas=areas)
        sql, count, html = _row_query(
            client, "/ky/consultants/", "consultants_consultant"
        )
        for column in (
            "search_document",
            "search_words",
            "places_text",
            "bio_ky",
            "bio",
            "inn",
        ):
            assert f'"consultants_consultant"."{column}"' not in sql, column
        assert '"consultants_consultant"."name_ky"' in sql
        assert "Мүчө 2" in html and areas[1].name in html
        # one more member is no more queries (no deferred column loaded per row)
        ConsultantFactory(name="Мүчө 3", expertise_areas=areas)
        assert _row_query(client, "/ky/consultants/", "consultants_consultant")[1] == (
            count
        )

    def test_api_rows_keep_the_biography(self, client):
        member = ConsultantFactory(bio_ky="Өмүр баяны", bio_en="A life")
        sql, _count, _html = _row_query(
            client, "/api/v1/consultants/", "consultants_consultant"
        )
        assert '"consultants_consultant"."bio_en"' in sql
        assert '"consultants_consultant"."search_document"' not in sql
        shown = client.get(f"/api/v1/consultants/{member.pk}/").json()
        assert shown["bio"] in ("Өмүр баяны", "A life")

    def test_tender_rows_leave_out_the_descriptions(self, client):
        areas = list(ExpertiseArea.objects.all()[:2])
        for _ in range(3):
            published_tender().expertise_areas.set(areas)
        sql, count, html = _row_query(client, "/ky/tenders/", "procurement_tender")
        for column in ("description", "description_ky", "search_text"):
            assert f'"procurement_tender"."{column}"' not in sql, column
        assert areas[0].name in html
        published_tender().expertise_areas.set(areas)
        assert _row_query(client, "/ky/tenders/", "procurement_tender")[1] == count
