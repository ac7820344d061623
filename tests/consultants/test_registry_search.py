"""The registry's search covers expertise areas, its district choices follow
the region (with and without JavaScript), and an empty result offers to
widen the search with counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultants.filters import ConsultantListFilterSet
from consultants.models import Consultant, ExpertiseArea
from municipalities.adjacency import REGION_BORDERS, neighbour_codes
from municipalities.models import District, Region
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.municipalities.factories import region
from tests.scale import load_consultants

LIST = "/ky/consultants/"


@pytest.mark.django_db
class TestSearchCoversExpertiseAreas:
    def test_tariff_finds_every_member_of_the_tariffs_area(self, client):
        tariffs = ExpertiseArea.objects.get(code="tariffs")
        assert "тариф" in tariffs.name_ky.lower()
        for n in range(5):
            ConsultantFactory(
                name_ky=f"Кеңеш борбору {n}", bio_ky="", expertise_areas=[tariffs]
            )
        by_area = client.get(LIST, {"expertise": "tariffs"}).context["paginator"]
        by_text = client.get(LIST, {"q": "тариф"}).context["paginator"]
        assert by_area.count >= 5
        assert by_text.count >= by_area.count
        members = set(Consultant.objects.public().filter(expertise_areas=tariffs))
        assert members <= set(Consultant.objects.public().search("тариф"))

    @pytest.mark.parametrize("language", ["ky", "ru", "en"])
    def test_finds_by_the_area_name_in_every_language(self, language):
        area = ExpertiseAreaFactory(
            name_ky="Суу түтүктөрүн пландоо",
            name_ru="Планирование водопроводов",
            name_en="Water pipeline planning",
        )
        consultant = ConsultantFactory(expertise_areas=[area])
        word = {"ky": "түтүктөрүн", "ru": "ВОДОПРОВОД", "en": "pipeline"}[language]
        assert list(Consultant.objects.search(word)) == [consultant]

    def test_follows_changes_of_areas_and_of_their_names(self):
        area = ExpertiseAreaFactory(name_ru="Геодезия")
        consultant = ConsultantFactory()
        assert not Consultant.objects.search("геодез").exists()
        consultant.expertise_areas.add(area)
        assert list(Consultant.objects.search("геодез")) == [consultant]
        # a save of a stale instance keeps what the database computes
        consultant.save()
        assert list(Consultant.objects.search("геодез")) == [consultant]
        ExpertiseArea.objects.filter(pk=area.pk).update(name_ru="Картография")
        assert not Consultant.objects.search("геодез").exists()
        assert list(Consultant.objects.search("картограф")) == [consultant]
        consultant.expertise_areas.remove(area)
        assert not Consultant.objects.search("картограф").exists()

    def test_the_search_uses_the_trigram_index(self):
        # real planner statistics of a registry that a scan would cost
        load_consultants(10_000)
        ConsultantFactory(name_ky="Жыпарбек кеңеш борбору")
        # the query that reads the matches (the page then reads them by key)
        query = Consultant.objects.public().order_by("name_ky", "id")
        sql, params = query.search_matches("жыпарбек").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + cursor.mogrify(sql, params))
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "consultant_words_trgm" in plan, plan


@pytest.mark.django_db
class TestTheSearchReadsABoundedSetOfCandidates:
    """Each way of matching gives at most `candidates` members in the list's
    order (ConsultantQuerySet.search), here 2 instead of 1,001."""

    @pytest.fixture
    def tariff_members(self):
        # five members matching by their bio, named before the exact match
        bios = [
            ConsultantFactory(name_ky=f"Абдыкадыр {n}", bio_ky="Тариф эсептөө")
            for n in range(5)
        ]
        exact = ConsultantFactory(name_ky="Тариф", bio_ky="")
        return bios, exact

    def test_the_exact_name_is_a_candidate_of_its_own(self, tariff_members):
        bios, exact = tariff_members
        found = Consultant.objects.active_members().search("тариф", candidates=2)
        assert exact in found
        assert len(found) == 3  # the exact name and the first two by name
        ranked = found.ranked("тариф", "name_ky", "id")
        assert ranked.first() == exact

    def test_the_page_ranks_the_candidates_and_an_export_holds_every_match(
        self, client, tariff_members, monkeypatch
    ):
        bios, exact = tariff_members
        monkeypatch.setattr(ConsultantListFilterSet, "search_candidates", 2)
        page = client.get(LIST, {"q": "тариф"}).context["paginator"]
        assert list(page.object_list)[0] == exact
        assert len(page.object_list) == 3  # the exact name and the first two
        # it read only the first matches: the page says "more than 1"
        assert page.capped and page.cap == 1
        export = client.get("/ky/consultants/export.csv", {"q": "тариф"})
        rows = b"".join(export.streaming_content).decode().strip().splitlines()
        assert len(rows) == 1 + 6

    def test_a_sort_reads_the_first_matches_in_its_order(
        self, client, tariff_members, monkeypatch
    ):
        bios, exact = tariff_members
        monkeypatch.setattr(ConsultantListFilterSet, "search_candidates", 2)
        page = client.get(LIST, {"q": "тариф", "ordering": "-name"})
        shown = list(page.context["paginator"].object_list)
        assert shown[:2] == [exact, bios[4]]

    def test_the_filters_apply_before_the_candidates_are_read(
        self, client, tariff_members, monkeypatch
    ):
        bios, exact = tariff_members
        Consultant.objects.filter(pk__in=[b.pk for b in bios[:3]]).update(
            kind="individual", legal_form=""
        )
        monkeypatch.setattr(ConsultantListFilterSet, "search_candidates", 2)
        page = client.get(LIST, {"q": "тариф", "kind": "organization"})
        assert set(page.context["paginator"].object_list) == {exact, *bios[3:]}


@pytest.mark.django_db
class TestDistrictFollowsRegion:
    def test_without_javascript_the_page_lists_only_the_regions_districts(self, client):
        response = client.get(LIST, {"region": "KG-T"})
        choices = list(response.context["filter"].form.fields["district"].queryset)
        assert choices
        assert {d.region_id for d in choices} == {"KG-T"}
        html = response.content.decode()
        naryn = District.objects.filter(region_id="KG-N").first()
        assert f'value="{naryn.pk}"' not in html

    def test_without_a_region_every_district_is_a_choice(self, client):
        response = client.get(LIST)
        field = response.context["filter"].form.fields["district"]
        assert field.queryset.count() == District.objects.count()

    def test_a_district_of_another_region_is_dropped_with_a_notice(self, client):
        kochkor = District.objects.get(name_en="Kochkor District")
        served = ConsultantFactory(home_region=region("KG-T"))
        response = client.get(LIST, {"region": "KG-T", "district": kochkor.pk})
        assert response.status_code == 200
        assert served in response.context["consultants"]
        assert response.context["ignored_district"] == kochkor
        assert 'id="ignored-district"' in response.content.decode()

    def test_the_api_refuses_a_district_of_another_region(self, client):
        kochkor = District.objects.get(name_en="Kochkor District")
        response = client.get(
            "/api/v1/consultants/",
            {"region": "KG-T", "district": kochkor.pk},
            HTTP_ACCEPT_LANGUAGE="ru",
        )
        assert response.status_code == 400
        assert "district" in response.json()

    def test_htmx_swaps_the_district_list_out_of_band(self, client):
        response = client.get(LIST, {"region": "KG-T"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert 'id="district-field" hx-swap-oob="true"' in html
        naryn = District.objects.filter(region_id="KG-N").first()
        talas = District.objects.filter(region_id="KG-T").first()
        assert f'value="{talas.pk}"' in html
        assert f'value="{naryn.pk}"' not in html

    def test_municipality_list_follows_the_region_too(self, client):
        response = client.get("/ky/municipalities/", {"region": "KG-B"})
        choices = response.context["filter"].form.fields["district"].queryset
        assert {d.region_id for d in choices} == {"KG-B"}


class TestAdjacency:
    def test_borders_are_symmetric_and_name_real_regions(self):
        codes = {"KG-B", "KG-C", "KG-GB", "KG-GO", "KG-J", "KG-N", "KG-O", "KG-T"}
        codes.add("KG-Y")
        for a, b in REGION_BORDERS:
            assert {a, b} <= codes and a != b
        assert neighbour_codes("KG-N") == ["KG-C", "KG-J", "KG-O", "KG-Y"]
        assert neighbour_codes("KG-GB") == ["KG-C"]
        assert neighbour_codes("KG-B") == ["KG-O"]

    @pytest.mark.django_db
    def test_every_region_has_a_neighbour(self):
        for each in Region.objects.all():
            assert each.neighbours().exists(), each.code


@pytest.mark.django_db
class TestWideningAnEmptyResult:
    def suggestions(self, client, **query):
        response = client.get(LIST, query)
        assert response.context["paginator"].count == 0
        return {s.querystring: s for s in response.context["suggestions"]}, response

    def test_offers_to_drop_each_filter_with_its_count(self, client):
        talas = region("KG-T")
        area = ExpertiseAreaFactory(name_ru="Редкое направление")
        ConsultantFactory(home_region=region("KG-C"), expertise_areas=[area])
        ConsultantFactory(home_region=talas, kind="individual", legal_form="")
        found, response = self.suggestions(
            client, region="KG-T", expertise=area.code, kind="organization"
        )
        expected_without_region = Consultant.objects.public().filter(
            expertise_areas=area, kind="organization"
        )
        key = f"expertise={area.code}&kind=organization"
        assert found[key].count == expected_without_region.count() == 1
        without_area = ConsultantListFilterSet(
            {"region": "KG-T", "kind": "organization"},
            queryset=Consultant.objects.public(),
        ).qs.count()
        # a suggestion that would find nobody is not offered
        if without_area:
            assert found["region=KG-T&kind=organization"].count == without_area
        else:
            assert "region=KG-T&kind=organization" not in found
        assert all(s.count for s in found.values())
        html = response.content.decode()
        assert 'id="widen-search"' in html
        assert 'href="?{}"'.format(key.replace("&", "&amp;")) in html

    def test_offers_the_neighbouring_regions(self, client):
        area = ExpertiseAreaFactory(name_ru="Горное дело")
        ConsultantFactory(home_region=region("KG-Y"), expertise_areas=[area])
        ConsultantFactory(home_region=region("KG-J"), expertise_areas=[area])
        ConsultantFactory(
            home_region=region("KG-B"), expertise_areas=[area]
        )  # not a neighbour of Naryn
        found, _ = self.suggestions(client, region="KG-N", expertise=area.code)
        assert found[f"region=KG-Y&expertise={area.code}"].count == 1
        assert found[f"region=KG-J&expertise={area.code}"].count == 1
        assert f"region=KG-B&expertise={area.code}" not in found

    def test_offers_the_whole_region_of_a_district_with_members_serving_it(
        self, client
    ):
        area = ExpertiseAreaFactory(name_ru="Пастбища")
        kochkor = District.objects.get(name_en="Kochkor District")
        # based elsewhere, serving Naryn
        ConsultantFactory(
            home_region=region("KG-C"),
            regions_served=[region("KG-N")],
            expertise_areas=[area],
        )
        found, _ = self.suggestions(client, district=kochkor.pk, expertise=area.code)
        assert found[f"expertise={area.code}&region=KG-N"].count == 1

    def test_counts_are_computed_in_the_database_a_bounded_number_of_times(
        self, client
    ):
        area = ExpertiseAreaFactory()
        with CaptureQueriesContext(connection) as queries:
            found, _ = self.suggestions(client, region="KG-N", expertise=area.code)
        counts = [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
        # the page's count, one per dropped filter, one per neighbour, and
        # one without any filter
        assert len(counts) <= 1 + 2 + len(neighbour_codes("KG-N")) + 1

    def test_a_result_offers_nothing(self, client):
        response = client.get(LIST, {"region": "KG-N"})
        assert response.context["paginator"].count
        assert "suggestions" not in response.context
