"""The registry at scale: each filter, search and sort reads an index (EXPLAIN
of the queries the page and the API really run, on 20,000 generated members
with the planner's statistics), counts stop at the cap, and the number of
queries does not grow with the page size."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultants.models import Consultant
from consultants.models.consultants import ACTIVE_FILTER_ARRAYS
from consultants.models.queries import name_sort_key
from consultants.models.search import CANDIDATES
from municipalities.models import District
from portal.pagination import COUNT_CAP, SEARCH_CAP
from tests.scale import (
    full_scans,
    index_names,
    load_consultants,
    page_queries,
    plan_of,
    scans_of,
    sorted_rows,
)

TABLE = "consultants_consultant"
LIST = "/ky/consultants/"


@pytest.fixture
def registry_at_scale(db):
    load_consultants(20_000)


PAGES = [
    "",
    "?region=KG-N",
    "?expertise=tariffs",
    "?kind=organization",
    "?status=certified",
    "?language=en",
    "?district={district}",
    "?ordering=-name",
    "?ordering=updated",
    "?ordering=-updated",
    "?ordering=status",
]


@pytest.mark.django_db
class TestEveryFilterSearchAndSortReadsAnIndex:
    def test_every_page_and_the_api(self, client, registry_at_scale):
        """No query of the page (list, capped count, widening counts) scans
        the registry; a sequential scan stopped by a LIMIT (the capped count
        of an unselective filter, which the planner rightly prefers) is
        bounded and allowed."""
        district = District.objects.filter(region_id="KG-C").first()
        urls = [
            f"/{language}/consultants/" + query.format(district=district.pk)
            for language in ("ky", "ru", "en")
            for query in PAGES
        ] + [
            "/api/v1/consultants/" + query
            for query in ("", "?region=KG-N", "?ordering=-name")
        ]
        scans = []
        for url in urls:
            queries = page_queries(client, url, TABLE)
            assert queries, url
            scans += [(url, sql) for sql in queries if full_scans(plan_of(sql), TABLE)]
        assert scans == [], "\n".join(url + "\n" + sql for url, sql in scans)

    @pytest.mark.parametrize(
        "query",
        [
            "?q=муниципалдык",
            "?q=qqqzzz",  # nothing found: the widening counts too
            "?q=кеңешчи&region=KG-C&status=certified",
            "/api/v1/consultants/?q=кеңешчи",
            # a place's name: thousands serve its region and district, found
            # in one walk of the order's index, not joined and sorted
            "?q=Naryn",
            "?q=Нарын&ordering=-name",
        ],
    )
    def test_search_pages(self, client, registry_at_scale, query):
        url = query if query.startswith("/") else "/ky/consultants/" + query
        queries = page_queries(client, url, TABLE)
        assert not [sql for sql in queries if full_scans(plan_of(sql), TABLE)]
        # a word of (nearly) every member, or a place's, is ranked among its
        # candidates only: the list's first matches and the exact names
        for sql in queries:
            assert sorted_rows(plan_of(sql)) <= 2 * CANDIDATES, sql

    def test_a_search_reads_few_rows_and_is_exact_in_its_sort(
        self, client, registry_at_scale
    ):
        # a word found nowhere: index probes only, not one scan of the registry
        # (`qqqzzz` folds to `kz`, found at word starts: trigram-indexed)
        rows = page_queries(client, LIST + "?q=qqqzzz&status=certified", TABLE)
        # (the widening counts without the search are the other tests')
        for sql in [sql for sql in rows if "portal_fold" in sql]:
            plan = plan_of(sql)
            assert "Seq Scan" not in scans_of(plan, TABLE), plan
            assert "consultant_words_trgm" in index_names(plan), plan
        # a common word walks the name index until enough members are found
        rows = page_queries(client, LIST + "?q=кеңешчи&ordering=-name", TABLE)
        assert all(sorted_rows(plan_of(sql)) <= 2 * CANDIDATES for sql in rows)
        # and the sorted page is the sort's first matches, as without the bound
        page = client.get("/ru/consultants/", {"q": "кеңешчи", "ordering": "-name"})
        everything = (
            Consultant.objects.active_members()
            .search("кеңешчи", candidates=None)
            .order_by(name_sort_key("ru").desc(), "-id")
        )
        shown = [c.pk for c in page.context["paginator"].object_list[:20]]
        assert shown == list(everything.values_list("pk", flat=True)[:20])
        assert page.context["paginator"].capped

    def test_a_page_of_each_sort_is_read_off_its_index(self, client, registry_at_scale):
        for language, ordering, index in [
            ("ky", "", "consultant_name_ky_id"),
            ("ru", "", "consultant_name_ru_id"),
            ("en", "", "consultant_name_en_id"),
            ("ru", "-name", "consultant_name_ru_id"),
            ("ky", "-updated", "consultant_updated_id"),
            ("ky", "status", "consultant_status_id"),
        ]:
            url = f"/{language}/consultants/?ordering={ordering}"
            rows = [sql for sql in page_queries(client, url, TABLE) if "LIMIT" in sql]
            rows = [sql for sql in rows if "COUNT(*)" not in sql]
            assert len(rows) == 1, url
            plan = plan_of(rows[0])
            assert index in index_names(plan), (url, plan)
            assert "'Sort'" not in str(plan), (url, plan)

    def test_the_region_filter_can_use_its_gin_index(self, registry_at_scale):
        sql, params = Consultant.objects.for_region("KG-N").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + cursor.mogrify(sql, params))
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "consultant_region_codes_gin" in plan, plan

    def test_each_array_filter_counts_off_its_gin_index(
        self, client, registry_at_scale
    ):
        """The district, expertise, language and region filters are one test
        of an array the database keeps, GIN-indexed (no join to the M2M rows);
        the default list (active members) can read the index of the active
        members alone: its filter implies that index's predicate."""
        # a district some active members serve (with none, the page also
        # counts its widening suggestions)
        serving = Consultant.objects.active_members().exclude(district_ids=[])
        district = District.objects.get(pk=serving.first().district_ids[0])
        cases = [
            ("?district={district}", "district_ids"),
            ("?expertise=tariffs", "expertise_ids"),
            ("?language=en", "languages"),
            ("?region=KG-N", "region_codes"),
            (f"?region={district.region_id}&district={{district}}", "district_ids"),
            ("?status=any&district={district}", "district_ids"),
            ("?status=any&expertise=tariffs", "expertise_ids"),
            ("?status=certified&language=en", "languages"),  # implies active
        ]
        full = {
            "district_ids": "consultant_district_ids_gin",
            "expertise_ids": "consultant_expertise_ids_gin",
            "languages": "consultant_languages_gin",
            "region_codes": "consultant_region_codes_gin",
        }

        def count_plan(url):
            counts = [
                sql for sql in page_queries(client, url, TABLE) if "COUNT(*)" in sql
            ]
            assert len(counts) == 1, url
            assert "_districts_served" not in counts[0], url
            assert "_expertise_areas" not in counts[0], url
            return plan_of(counts[0])

        for query, field in cases:
            for url in (LIST, "/api/v1/consultants/"):
                url += query.format(district=district.pk)
                active = f"consultant_active_{ACTIVE_FILTER_ARRAYS[field]}_gin"
                used = index_names(count_plan(url))
                assert {full[field], active} & used, (url, used)
                if "status=any" in query:  # not implied: the index of all
                    assert active not in used, (url, used)
        # without the index of every row, the default list reads the active
        # members' (at this scale the planner may pick either)
        with connection.cursor() as cursor:
            for name in full.values():
                cursor.execute(f"DROP INDEX {name}")
        cache.clear()  # the same pages again, not the page cache's copies
        for query, field in cases[:4]:
            url = LIST + query.format(district=district.pk)
            active = f"consultant_active_{ACTIVE_FILTER_ARRAYS[field]}_gin"
            assert active in index_names(count_plan(url)), url


@pytest.mark.django_db
class TestCountsStopAtTheCap:
    def test_more_than_the_cap_is_said_so_and_paging_goes_on(
        self, client, registry_at_scale
    ):
        response = client.get(LIST, {"page_size": 100})
        paginator = response.context["paginator"]
        assert paginator.capped and paginator.count == COUNT_CAP + 1
        assert "1000" in response.content.decode().split('class="result-count')[1][:200]
        # past the counted rows, pages go on while rows remain
        deep = client.get(LIST, {"page_size": 100, "page": 30})
        page = deep.context["page_obj"]
        assert page.has_next() and len(page.object_list) == 100
        names = [c.pk for c in page.object_list]
        expected = list(
            Consultant.objects.active_members()
            .order_by("name_ky", "id")
            .values_list("pk", flat=True)[2900:3000]
        )
        assert names == expected

    def test_the_last_page_has_no_next(self, client, registry_at_scale):
        total = Consultant.objects.active_members().count()
        last = (total + 99) // 100
        page = client.get(LIST, {"page_size": 100, "page": last}).context["page_obj"]
        assert not page.has_next()
        assert client.get(LIST, {"page_size": 100, "page": last + 1}).status_code == 404

    def test_below_the_cap_the_count_is_exact(self, client, registry_at_scale):
        response = client.get(LIST, {"kind": "organization"})
        paginator = response.context["paginator"]
        exact = Consultant.objects.active_members().filter(kind="organization").count()
        assert 0 < exact <= COUNT_CAP
        assert not paginator.capped and paginator.count == exact

    def test_a_search_reads_its_first_matches_once_and_says_more_than_them(
        self, client, registry_at_scale
    ):
        # a word of (nearly) every member: the arms (a UNION) are evaluated by
        # one query; its rows are the count, and the page reads them by key
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LIST, {"q": "кеңешчи", "page_size": 100})
        members = [
            q["sql"] for q in ctx.captured_queries if f'FROM "{TABLE}"' in q["sql"]
        ]
        assert len([sql for sql in members if " UNION " in sql]) == 1, members
        by_key = [sql for sql in members if '"id" = ANY(' in sql]
        assert len(by_key) == 1 and " UNION " not in by_key[0]
        assert not [sql for sql in members if "COUNT(" in sql.upper()], members
        paginator = response.context["paginator"]
        assert paginator.capped and paginator.cap == SEARCH_CAP
        assert paginator.count == SEARCH_CAP + 1
        count = response.content.decode().split('class="result-count')[1][:200]
        assert str(SEARCH_CAP) in count
        # the second page is the last: the list ends with its candidates
        last = client.get(LIST, {"q": "кеңешчи", "page_size": 100, "page": 3})
        assert not last.context["page_obj"].has_next()
        assert len(last.context["page_obj"].object_list) <= SEARCH_CAP + 1 - 200
        # the API says the same
        api = client.get("/api/v1/consultants/", {"q": "кеңешчи"}).json()
        assert api["count"] == SEARCH_CAP and api["count_capped"]
        # an export holds every match, not the page's first ones
        assert (
            Consultant.objects.active_members().search("кеңешчи", None).count()
            > SEARCH_CAP + 1
        )


@pytest.mark.django_db
class TestQueriesDoNotGrowWithThePageSize:
    @pytest.mark.parametrize(
        "query", ["", "region=KG-N", "expertise=tariffs", "q=кеңешчи", "ordering=-name"]
    )
    def test_page(self, client, settings, query):
        settings.PAGE_CACHE_SECONDS = 0  # the rendering's queries, not a stored page
        load_consultants(1000)
        counts = []
        for size in (10, 50):
            client.get(f"{LIST}?page_size={size}&{query}")  # fills the caches
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(f"{LIST}?page_size={size}&{query}")
            assert len(response.context["consultants"]) == size
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1] <= 10, counts

    @pytest.mark.parametrize("query", ["", "region=KG-N", "expertise=tariffs"])
    def test_api(self, client, settings, query):
        settings.PAGE_CACHE_SECONDS = 0
        load_consultants(1000)
        counts = []
        for size in (10, 50):
            client.get(f"/api/v1/consultants/?page_size={size}&{query}")  # caches
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(f"/api/v1/consultants/?page_size={size}&{query}")
            assert len(response.json()["results"]) == size
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1] <= 10, counts
