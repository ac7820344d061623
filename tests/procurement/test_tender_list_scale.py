"""The tender list at scale: search, filters and sorts read indexes (EXPLAIN
of the queries the page runs on 20,000 generated tenders with the planner's
statistics), the search column follows titles and municipality names, and
the number of queries does not grow with the page size."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Municipality
from portal.pagination import COUNT_CAP, SEARCH_CAP
from procurement.models import Tender
from tests.consultants.factories import ExpertiseAreaFactory
from tests.procurement.factories import published_tender
from tests.scale import (
    full_scans,
    index_names,
    load_tenders,
    page_queries,
    plan_of,
    scans_of,
    sorted_rows,
)

TABLE = "procurement_tender"


@pytest.fixture
def tenders_at_scale(db):
    load_tenders(20_000)


@pytest.mark.django_db
class TestTheListReadsIndexes:
    def test_every_filter_search_and_sort(self, client, tenders_at_scale):
        urls = [
            "/ky/tenders/" + query
            for query in (
                "",
                "?q=суу",
                "?q=кеңеш",
                "?q=qqqzzz",
                "?q=ъё",
                "?q=400010",
                "?q=кеңеш&region=KG-C",
                "?region=KG-N",
                "?expertise=tariffs",
                "?status=awarded",
                "?ordering=deadline",
                "?ordering=-budget",
                "?ordering=published",
            )
        ] + ["/api/v1/tenders/?q=суу", "/api/v1/tenders/?region=KG-N"]
        scans = []
        for url in urls:
            queries = page_queries(client, url, TABLE)
            assert queries, url
            scans += [(url, sql) for sql in queries if full_scans(plan_of(sql), TABLE)]
        assert scans == [], "\n".join(url + "\n" + sql for url, sql in scans)

    def test_a_search_sorts_and_reads_a_bounded_number_of_tenders(
        self, client, tenders_at_scale
    ):
        # a word of every title (load_tenders): read off the date index
        # until the page is full, never sorted
        for url in ("/ky/tenders/?q=кеңеш", "/api/v1/tenders/?q=кеңеш"):
            for sql in page_queries(client, url, TABLE):
                plan = plan_of(sql)
                assert sorted_rows(plan) == 0, (url, plan)
        # a word found nowhere, of three letters or fewer: index probes only
        for word in ("qqqzzz", "ъё"):
            for sql in page_queries(client, f"/ky/tenders/?q={word}", TABLE):
                plan = plan_of(sql)
                assert "tender_search_trgm" in index_names(plan), (word, plan)
                assert "Seq Scan" not in scans_of(plan, TABLE), (word, plan)

    def test_a_common_word_counts_to_the_search_cap_and_pages_go_on(
        self, client, tenders_at_scale
    ):
        # a word of every title: the count reads SEARCH_CAP + 1 of its hits
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/ky/tenders/", {"q": "кеңеш"})
        paginator = response.context["paginator"]
        assert paginator.capped and paginator.cap == SEARCH_CAP
        counts = [q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"]]
        assert counts and all(f"LIMIT {SEARCH_CAP + 1}" in sql for sql in counts)
        said = response.content.decode().split('class="result-count')[1][:200]
        assert str(SEARCH_CAP) in said
        # the list itself goes on past the cap
        page = client.get("/ky/tenders/", {"q": "кеңеш", "page": 20})
        assert page.status_code == 200 and page.context["page_obj"].has_next()
        api = client.get("/api/v1/tenders/", {"q": "кеңеш"}).json()
        assert api["count"] == SEARCH_CAP and api["count_capped"]
        # without a search the list counts to the usual cap
        plain = client.get("/ky/tenders/").context["paginator"]
        assert plain.capped and plain.cap == COUNT_CAP

    def test_a_rare_word_is_found_through_the_trigram_index(
        self, client, tenders_at_scale
    ):
        # a word of one tender's title (load_tenders: md5 of 7 × its number)
        word = hashlib.md5(str(7 * 777).encode(), usedforsecurity=False).hexdigest()[
            :12
        ]
        rows = [
            sql
            for sql in page_queries(client, f"/ky/tenders/?q={word}", TABLE)
            if "COUNT(*)" not in sql
        ]
        assert "tender_search_trgm" in index_names(plan_of(rows[0]))
        # a common word may rather walk the date index: bounded, no scan
        assert not full_scans(plan_of(rows[0]), TABLE)

    def test_each_sort_is_read_off_its_index(self, client, tenders_at_scale):
        for ordering, indexes in [
            ("", {"tender_published_id", "procurement_publish_f1cd6e_idx"}),
            ("deadline", {"tender_deadline_id"}),
            ("-budget", {"tender_budget_id", "procurement_estimat_d2d3f5_idx"}),
        ]:
            rows = [
                sql
                for sql in page_queries(
                    client, f"/ky/tenders/?ordering={ordering}", TABLE
                )
                if "COUNT(*)" not in sql
            ]
            plan = plan_of(rows[0])
            assert indexes & index_names(plan), (ordering, plan)
            assert "'Sort'" not in str(plan), (ordering, plan)


@pytest.mark.django_db
class TestTheSearchColumn:
    def test_follows_titles_and_the_municipality_name(self):
        tender = published_tender(title_ru="Ремонт водопровода")
        found = Tender.objects.public().search
        assert list(found("ВОДОПРОВОД")) == [tender]
        municipality = tender.municipality
        word = (municipality.name_ky or municipality.name).split()[0]
        assert tender in found(word)
        Municipality.objects.filter(pk=municipality.pk).update(
            name_ky="Жаңыайыл", name_ru="Жаныайыл", name="Жаңыайыл"
        )
        assert list(found("жаңыайыл")) == [tender]
        Tender.objects.filter(pk=tender.pk).update(title_ru="Ремонт школы")
        assert not found("водопровод").exists()

    def test_the_region_filter_follows_the_regions_of_the_work(self):
        tender = published_tender()
        home = tender.municipality.region_id
        other = "KG-GO" if home != "KG-GO" else "KG-GB"
        assert tender in Tender.objects.for_region(home)
        assert tender not in Tender.objects.for_region(other)
        tender.regions.add(other)
        assert tender in Tender.objects.for_region(other)
        tender.regions.remove(other)
        assert tender not in Tender.objects.for_region(other)

    def test_the_expertise_filter_follows_the_areas(self):
        tender = published_tender()
        area, other = ExpertiseAreaFactory.create_batch(2)
        in_area = Tender.objects.with_expertise
        assert tender not in in_area(area)
        tender.expertise_areas.add(area)
        assert list(in_area(area)) == [tender]
        assert list(in_area(area.pk)) == [tender]
        stale = Tender.objects.get(pk=tender.pk)
        other.tenders.add(tender)  # from the area's side
        assert tender in in_area(other)
        tender.expertise_areas.remove(area)
        assert tender not in in_area(area)
        stale.save()  # what it read before is not written back
        assert tender in in_area(other) and tender not in in_area(area)
        assert Tender.objects.get(pk=tender.pk).expertise_ids == sorted(
            a.pk for a in tender.expertise_areas.all()
        )

    def test_the_expertise_filter_counts_off_its_gin_index(
        self, client, tenders_at_scale
    ):
        for url in (
            "/ky/tenders/?expertise=tariffs",
            "/api/v1/tenders/?expertise=tariffs",
        ):
            queries = page_queries(client, url, TABLE)
            counts = [sql for sql in queries if "COUNT(*)" in sql]
            assert len(counts) == 1, url
            assert "procurement_tender_expertise_areas" not in counts[0], url
            assert "tender_expertise_ids_gin" in index_names(plan_of(counts[0])), url


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "q=кеңеш", "region=KG-C", "expertise=tariffs"])
def test_queries_do_not_grow_with_the_page(client, query):
    load_tenders(1000)
    counts = []
    for size in (10, 50):
        url = f"/api/v1/tenders/?page_size={size}&{query}"
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert len(response.json()["results"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 10, counts
    # the page has a fixed size: the same number of queries as the API's
    client.get(f"/ky/tenders/?{query}")
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"/ky/tenders/?{query}")
    assert len(ctx.captured_queries) <= 10
