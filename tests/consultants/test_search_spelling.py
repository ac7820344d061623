"""Search as people type: Latin or Cyrillic, Kyrgyz letters typed as their
Russian look-alikes, any case, hyphens or not, over names, bios, expertise
areas, regions, districts and villages served (portal.search's portal_fold);
the same on the registry page and in the API; ranked, indexed, kept in sync
by the database's triggers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultants.models import Consultant, ExpertiseArea
from consultants.models.search import places_named_query
from municipalities.models import District, Municipality, Region
from portal.search import folded_words
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import region

LIST = "/ky/consultants/"
API = "/api/v1/consultants/"


def fold(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT portal_fold(%s)", [text])
        return cursor.fetchone()[0]


# (typed, folded): the examples of portal/search.py's docstring
FOLDED = [
    ("Naryn", "narin"),
    ("НАРЫН", "narin"),
    ("Osh", "osh"),
    ("Ош", "osh"),
    ("Issyk-Kul", "isikul"),
    ("Иссык-Куль", "isikul"),
    ("Ысык-Көл", "isikol"),
    ("Ысык-Кол", "isikol"),
    ("Yssyk-Köl", "isikol"),
    ("Жалал-Абад", "jalalabad"),
    ("Dzhalal-Abad", "jalalabad"),
    ("Djalal-Abad", "jalalabad"),
    ("byudzhet", "biujet"),
    ("бюджет", "biujet"),
    ("Кеңеш", "kenesh"),
    ("кенеш", "kenesh"),
    ("Kengesh", "kenesh"),
    ("Чүй", "chui"),
    ("Chuy", "chui"),
    ("Chüy", "chui"),
    ("Щучинск", "shuchinsk"),
    ("«Аймак» ОФ,  центр", "aimak of centr"),
    ("Кара-Сууу", "karasu"),
    ("объём", "obem"),
    ("2000", "2000"),
    ("-", ""),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "folded"), FOLDED)
def test_the_folding_rules(typed, folded):
    assert fold(typed) == folded


@pytest.fixture
def members():
    """Six members, each with something of its own to be found by, and one
    found by none of the words of the table."""
    tariffs = ExpertiseArea.objects.get(code="tariffs")
    budget = ExpertiseArea.objects.get(code="budget-transparency")
    gender = ExpertiseArea.objects.get(code="gender")
    kochkor = District.objects.get(name_en="Kochkor District")
    found = {
        # Naryn, tariffs, water pipes in the Kyrgyz bio
        "naryn": ConsultantFactory(
            name_ky="Тоо-Суу КФ",
            name_ru="ОФ Тоо-Суу",
            name_en="Too-Suu PF",
            bio_ky="Суу түтүктөрүн пландоо.",
            home_region=region("KG-N"),
            expertise_areas=[tariffs],
        ),
        # serves Issyk-Kul, local budgets
        "issyk-kul": ConsultantFactory(
            name_ky="Ачык Бюджет",
            name_ru="Открытый бюджет",
            name_en="Open Budget",
            bio_ky="",
            home_region=region("KG-C"),
            regions_served=[region("KG-Y")],
            expertise_areas=[budget],
        ),
        # Osh, an individual consultant
        "osh": ConsultantFactory(
            kind="individual",
            legal_form="",
            name_ky="Жылдыз Асанова",
            name_ru="Жылдыз Асанова",
            name_en="",
            bio_ky="",
            home_region=region("KG-O"),
        ),
        # Chüy, serves the Kochkor district of Naryn
        "chuy": ConsultantFactory(
            name_ky="Кеңеш Консалт",
            name_ru="Кенеш Консалт",
            name_en="",
            bio_ky="",
            home_region=region("KG-C"),
        ),
        # Jalal-Abad
        "jalal-abad": ConsultantFactory(
            kind="individual",
            legal_form="",
            name_ky="Айгүл Токтогулова",
            name_ru="Айгуль Токтогулова",
            name_en="",
            bio_ky="",
            home_region=region("KG-J"),
        ),
        # Batken, development and gender
        "batken": ConsultantFactory(
            name_ky="Баткен Өнүгүү Борбору",
            name_ru="Центр развития Баткена",
            name_en="",
            bio_ky="",
            home_region=region("KG-B"),
            expertise_areas=[gender],
        ),
        # Bishkek, nothing in common with any word of the table
        "control": ConsultantFactory(
            name_ky="Эл Консалтинг",
            name_ru="Эл Консалтинг",
            name_en="",
            bio_ky="",
            home_region=region("KG-GB"),
        ),
    }
    found["chuy"].districts_served.add(kochkor)
    return found


# (typed one way, typed another way, the member both must find)
PAIRS = [
    # regions, Latin and Cyrillic, any case
    ("Naryn", "Нарын", "naryn"),
    ("naryn", "НАРЫН", "naryn"),
    ("NARYN", "нарын", "naryn"),
    ("Osh", "Ош", "osh"),
    ("osh", "ОШ", "osh"),
    ("Issyk-Kul", "Ысык-Көл", "issyk-kul"),
    ("Issyk-Kul", "Иссык-Куль", "issyk-kul"),
    ("issyk kul", "иссык-куль", "issyk-kul"),
    ("Yssyk-Köl", "Ысык-Көл", "issyk-kul"),
    ("Chuy", "Чүй", "chuy"),
    ("CHÜY", "чүй", "chuy"),
    ("Jalal-Abad", "Жалал-Абад", "jalal-abad"),
    ("Dzhalal-Abad", "Джалал-Абад", "jalal-abad"),
    ("Djalal-Abad", "жалал-абад", "jalal-abad"),
    ("Batken", "Баткен", "batken"),
    # Kyrgyz letters typed as their Russian look-alikes
    ("Ысык-Кол", "Ысык-Көл", "issyk-kul"),
    ("Чуй", "Чүй", "chuy"),
    ("Кенеш", "Кеңеш", "chuy"),
    ("тутуктор", "түтүктөр", "naryn"),
    ("онугуу", "өнүгүү", "batken"),
    ("Айгул", "Айгүл", "jalal-abad"),
    # names
    ("Zhyldyz", "Жылдыз", "osh"),
    ("Jyldyz", "жылдыз", "osh"),
    ("Aigul", "Айгүл", "jalal-abad"),
    ("Aygul", "Айгуль", "jalal-abad"),
    ("Toktogulova", "Токтогулова", "jalal-abad"),
    ("Kengesh", "Кеңеш", "chuy"),
    ("Too-Suu", "Тоо-Суу", "naryn"),
    # expertise areas
    ("tarif", "тариф", "naryn"),
    ("tariff", "ТАРИФ", "naryn"),
    ("byudzhet", "бюджет", "issyk-kul"),
    ("Byudzhet", "БЮДЖЕТ", "issyk-kul"),
    ("gender", "гендер", "batken"),
    # districts and villages served
    ("Kochkor", "Кочкор", "chuy"),
    ("Mantysh", "Мантыш", "chuy"),
    ("Jany-Jol", "Джаны-Джол", "chuy"),
    # two words, each must match
    ("naryn tarif", "Нарын тарифтер", "naryn"),
    ("Issyk-Kul byudzhet", "Ысык-Көл бюджет", "issyk-kul"),
]


def on_page(client, text):
    response = client.get(LIST, {"q": text})
    assert response.status_code == 200
    return {c.pk for c in response.context["paginator"].object_list}


def in_api(client, text):
    response = client.get(API, {"q": text, "page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] <= 100
    return {row["id"] for row in body["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize(("one", "other", "member"), PAIRS)
def test_spellings_find_the_same_members_on_the_page_and_in_the_api(
    client, members, one, other, member
):
    found = on_page(client, one)
    assert members[member].pk in found
    assert members["control"].pk not in found
    assert on_page(client, other) == found
    assert in_api(client, one) == found
    assert in_api(client, other) == found


def test_the_table_is_long_enough():
    assert len(PAIRS) >= 30


@pytest.mark.django_db
class TestVillagesServed:
    def test_a_village_finds_the_members_of_its_region_and_district(self):
        based = ConsultantFactory(home_region=region("KG-B"), bio_ky="")
        serving = ConsultantFactory(home_region=region("KG-C"), bio_ky="")
        serving.regions_served.add(region("KG-B"))
        elsewhere = ConsultantFactory(home_region=region("KG-T"), bio_ky="")
        found = set(Consultant.objects.search("Ak-Turpak"))
        assert {based, serving} <= found
        assert elsewhere not in found
        assert found == set(Consultant.objects.search("Ак-Турпак"))

    def test_only_from_three_letters(self):
        # Batken has villages named Ак-…, but two letters are too few to
        # stand for a village
        based = ConsultantFactory(
            name_ky="Эл Консалтинг", name_ru="", home_region=region("KG-B"), bio_ky=""
        )
        assert based not in Consultant.objects.search("Ак")
        assert based in Consultant.objects.search("Ак-Т")


@pytest.mark.django_db
class TestPlacesNamedAreKept:
    """The places a word names are kept in the cache (models.search
    _places_named) until a municipality or a village changes."""

    def _village(self, name):
        from municipalities.models import Place

        municipality = Municipality.objects.active().filter(region_id="KG-T").first()
        return Place.objects.create(
            municipality=municipality, kind="village", name=name
        )

    def test_a_second_search_asks_no_place_query(self):
        list(Consultant.objects.search("Ak-Turpak"))
        with CaptureQueriesContext(connection) as queries:
            list(Consultant.objects.search("Ak-Turpak"))
        assert not [q for q in queries if "municipalities_municipality" in q["sql"]]

    def test_a_new_village_counts_at_once(self):
        talas = ConsultantFactory(home_region=region("KG-T"), bio_ky="")
        assert talas not in Consultant.objects.search("Zzyzxvillage")
        village = self._village("Zzyzxvillage")
        assert talas in Consultant.objects.search("Zzyzxvillage")
        village.delete()
        assert talas not in Consultant.objects.search("Zzyzxvillage")

    def test_the_registers_bulk_import_renews_them(self):
        from municipalities.models import Place

        talas = ConsultantFactory(home_region=region("KG-T"), bio_ky="")
        assert talas not in Consultant.objects.search("Qwvillagex")
        municipality = Municipality.objects.active().filter(region_id="KG-T").first()
        # what the register's import does: a bulk insert, no signal
        Place.objects.bulk_create(
            [Place(municipality=municipality, kind="village", name="Qwvillagex")]
        )
        from municipalities.management.commands.import_municipalities import MODELS
        from municipalities.register.applying import apply_plan

        class Nothing:  # a plan of no change: the import's bumps alone
            regions_coded = merged = linked = renamed = moved = restored = {}
            places_changed = {}
            districts_added = retired = added = places_removed = places_added = ()
            register = effective = None

        apply_plan(Nothing(), models=MODELS)
        assert talas in Consultant.objects.search("Qwvillagex")


@pytest.mark.django_db
class TestRanking:
    @pytest.fixture
    def three(self):
        talas = region("KG-T")
        return [
            # the name as typed, in Russian
            ConsultantFactory(
                name_ky="Ала-Тоо Нарын", name_ru="Нарын", bio_ky="", home_region=talas
            ),
            # a word of the name starts with it
            ConsultantFactory(
                name_ky="Нарын-Консалт", name_ru="", bio_ky="", home_region=talas
            ),
            ConsultantFactory(
                name_ky="Ак Нарынчы", name_ru="", bio_ky="", home_region=talas
            ),
            # only the bio
            ConsultantFactory(
                name_ky="Аалам КФ",
                name_ru="",
                bio_ky="Нарындагы айылдар менен иштейбиз.",
                home_region=talas,
            ),
        ]

    def test_exact_name_first_then_name_words_then_the_rest(self, client, three):
        exact, prefix, word, bio = three
        # as the page's form sends it: the sort left at its first choice
        page = client.get(LIST, {"q": "naryn", "region": "KG-T", "ordering": ""})
        assert list(page.context["paginator"].object_list)[:1] == [exact]
        choices = page.context["filter"].form.fields["ordering"].choices
        assert list(choices)[0][0] == ""
        ordered = [c.pk for c in page.context["paginator"].object_list]
        assert ordered.index(exact.pk) < ordered.index(prefix.pk)
        assert ordered.index(prefix.pk) < ordered.index(bio.pk)
        assert ordered.index(word.pk) < ordered.index(bio.pk)
        api = client.get(API, {"q": "naryn", "region": "KG-T"}).json()["results"]
        assert [row["id"] for row in api] == ordered

    def test_a_chosen_sort_wins_over_relevance(self, client, three):
        page = client.get(LIST, {"q": "naryn", "region": "KG-T", "ordering": "-name"})
        names = [c.name_ky for c in page.context["paginator"].object_list]
        assert names == sorted(names, reverse=True)
        assert set(names) == {c.name_ky for c in three}

    def test_without_a_search_the_list_is_by_name(self, client, three):
        page = client.get(LIST, {"region": "KG-T"})
        names = [c.name_ky for c in page.context["paginator"].object_list]
        assert names == sorted(names)


@pytest.mark.django_db
class TestTriggersKeepPlacesInSync:
    def test_regions_served_added_and_removed(self):
        member = ConsultantFactory(home_region=region("KG-B"), bio_ky="")
        assert member not in Consultant.objects.search("Talas")
        member.regions_served.add(region("KG-T"))
        assert member in Consultant.objects.search("Talas")
        assert member in Consultant.objects.search("Таласская")
        member.regions_served.remove(region("KG-T"))
        assert member not in Consultant.objects.search("Talas")

    def test_districts_served_added_and_removed(self):
        member = ConsultantFactory(home_region=region("KG-B"), bio_ky="")
        kochkor = District.objects.get(name_en="Kochkor District")
        assert member not in Consultant.objects.search("Kochkor")
        member.districts_served.add(kochkor)
        assert member in Consultant.objects.search("Kochkor")
        member.districts_served.clear()
        assert member not in Consultant.objects.search("Kochkor")

    def test_home_region_moves(self):
        member = ConsultantFactory(home_region=region("KG-B"), bio_ky="")
        Consultant.objects.filter(pk=member.pk).update(home_region=region("KG-T"))
        assert member in Consultant.objects.search("Talas")
        assert member not in Consultant.objects.search("Batken")

    def test_a_region_renamed(self):
        member = ConsultantFactory(home_region=region("KG-B"), bio_ky="")
        served = ConsultantFactory(home_region=region("KG-C"), bio_ky="")
        served.regions_served.add(region("KG-T"))
        Region.objects.filter(code="KG-B").update(name_en="Zorkul Land")
        Region.objects.filter(code="KG-T").update(name_ru="Квиринская область")
        assert list(Consultant.objects.search("Zorkul")) == [member]
        assert list(Consultant.objects.search("Kvirin")) == [served]
        member.refresh_from_db()
        assert "Zorkul" in member.places_text

    def test_a_district_renamed(self):
        member = ConsultantFactory(home_region=region("KG-B"), bio_ky="")
        kochkor = District.objects.get(name_en="Kochkor District")
        member.districts_served.add(kochkor)
        District.objects.filter(pk=kochkor.pk).update(name_ky="Зоркөл району")
        assert list(Consultant.objects.search("Zorkol")) == [member]

    def test_a_save_of_a_stale_instance_keeps_what_the_database_computes(self):
        member = ConsultantFactory(home_region=region("KG-B"), bio_ky="")
        member.regions_served.add(region("KG-T"))
        member.save()
        assert member in Consultant.objects.search("Talas")


@pytest.mark.django_db
class TestSearchWords:
    def test_the_distinct_folded_words_first_occurrence_first(self):
        member = ConsultantFactory(
            name_ky="Нарын Нарын", name_ru="Нарын", name_en="Naryn Osh", bio_ky=""
        )
        member.refresh_from_db()
        words = member.search_words.split(" ")
        assert words[:2] == ["narin", "osh"]
        assert len(words) == len(set(words)) and "" not in words
        assert set(words) == set(member.search_folded.split())

    def test_kept_when_a_searched_column_changes(self):
        member = ConsultantFactory(bio_ky="")
        Consultant.objects.filter(pk=member.pk).update(bio_ky="Токмок тарифтер")
        member.refresh_from_db()
        assert "tokmok" in member.search_words.split(" ")
        assert member in Consultant.objects.search("Tokmok")


@pytest.mark.django_db
class TestIndexes:
    def plan(self, queryset):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    def test_the_folded_search_uses_the_trigram_indexes(self):
        # unordered (in an order, walking its index may be cheaper here)
        # (the query that reads the matches once; the page reads them by key)
        # a word that names no place: its hits are read off the trigram index
        plan = self.plan(Consultant.objects.order_by().search_matches("Tarifter"))
        assert "consultant_words_trgm" in plan
        # the typed word is folded once, when planned
        assert "'%tarifter%'" in plan
        # a place's name: the members serving it are one condition with the
        # search column, read in the list's order off its index (the district
        # served is one more GIN-indexed test), never by a scan
        plan = self.plan(Consultant.objects.search_matches("Naryn"))
        assert "'%narin%'" in plan
        assert "Seq Scan on consultants_consultant " not in plan
        assert "consultant_name_ky_id" in plan or "consultant_words_trgm" in plan
        # the places named so: one query of their own, before
        places = self.plan(places_named_query(folded_words("Naryn")))
        assert "place_folded_trgm" in places

    def test_the_ranked_search_too(self):
        # each arm of the ranked search reads its candidates in the list's
        # order, so at this size the planner may walk the name index with a
        # LIMIT instead of the trigram index (both are index paths; the
        # at-scale choice is checked in test_registry_scale.py): never a scan
        plan = self.plan(Consultant.objects.search("Naryn").ranked("Naryn"))
        assert "Seq Scan on consultants_consultant " not in plan
        assert "consultant_words_trgm" in plan or "Index" in plan

    def test_the_municipality_search_too(self):
        plan = self.plan(Municipality.objects.search("Naryn"))
        assert "municipality_folded_trgm" in plan
        assert "place_folded_trgm" in plan


@pytest.mark.django_db
class TestMunicipalities:
    def test_latin_finds_cyrillic_names(self, client):
        by_latin = set(Municipality.objects.search("Kochkorka"))
        assert by_latin
        assert by_latin == set(Municipality.objects.search("Кочкорка"))
        page = client.get("/ky/municipalities/", {"q": "Kochkorka"})
        assert set(page.context["paginator"].object_list) == by_latin
        api = client.get("/api/v1/municipalities/", {"q": "kochkorka"}).json()
        assert {row["id"] for row in api["results"]} == {m.pk for m in by_latin}


@pytest.mark.django_db
def test_a_search_too_long_is_refused_in_the_users_language(client):
    response = client.get(API, {"q": "а" * 101}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert "q" in response.json()
