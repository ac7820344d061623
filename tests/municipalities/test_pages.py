"""The municipalities' list, page and API, from the outside."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from municipalities.models import Municipality
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import (
    PendingStaffFactory,
    StaffMembershipFactory,
    municipality,
    region,
)
from tests.procurement.factories import TenderFactory, published_tender

KOCHKOR = "41704235816000"  # Кочкорский айылный аймак (village Кочкорка)
KOK_JANGAK = "41703220400010"  # a town, named in Kyrgyz Көк-Жаңгак шаары


def count(response) -> int:
    return response.context["paginator"].count


@pytest.mark.django_db
class TestMunicipalityList:
    def test_lists_every_municipality_of_the_register(self, client):
        response = client.get("/ky/municipalities/")
        assert response.status_code == 200
        assert count(response) == 485

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("region=KG-N", 64),  # 63 ayil okmotus and the town of Naryn
            ("region=KG-N&kind=ayil_okmotu", 63),
            ("region=KG-C&kind=ayil_okmotu", 105),
            ("kind=city_hall", 14),
            ("kind=town", 18),
        ],
    )
    def test_filters(self, client, query, expected):
        assert count(client.get(f"/ru/municipalities/?{query}")) == expected

    def test_filters_by_district(self, client):
        kochkor = municipality(KOCHKOR)
        response = client.get(f"/en/municipalities/?district={kochkor.district_id}")
        assert count(response) == kochkor.district.municipalities.count() == 11
        assert kochkor in response.context["municipalities"]

    @pytest.mark.parametrize(
        "text",
        ["КОЧКОРСКИЙ айылный", "кочкорский", "КОЧКОРКА", "Большевик"],
    )
    def test_search_by_name_or_village_in_any_case(self, client, text):
        response = client.get("/ky/municipalities/", {"q": text})
        assert municipality(KOCHKOR) in response.context["municipalities"]
        assert count(response) < 10

    def test_search_folds_kyrgyz_letters(self, client):
        response = client.get("/ky/municipalities/", {"q": "КӨК-ЖАҢГАК"})
        assert list(response.context["municipalities"]) == [municipality(KOK_JANGAK)]
        assert "Көк-Жаңгак шаары" in response.content.decode()

    def test_retired_municipalities_leave_the_list_but_keep_their_page(self, client):
        retired = municipality(KOCHKOR)
        retired.retired_on = "2024-01-01"
        retired.save()
        assert count(client.get("/ky/municipalities/")) == 484
        response = client.get("/ky/municipalities/?status=retired")
        assert list(response.context["municipalities"]) == [retired]
        assert client.get(retired.get_absolute_url()).status_code == 200

    def test_queries_do_not_grow_with_the_page_size(self, client):
        def queries(size):
            with CaptureQueriesContext(connection) as captured:
                assert (
                    client.get(f"/ky/municipalities/?page_size={size}").status_code
                    == 200
                )
            return len(captured)

        queries(20)  # fills the cached drop-downs (portal/choices.py)
        assert queries(20) == queries(100)

    def test_search_uses_the_trigram_index(self):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = (
                Municipality.objects.search("кочкор")
                .values("pk")
                .query.sql_with_params()
            )
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # the folded columns (Latin or Cyrillic: portal.search)
        assert "municipality_folded_trgm" in plan
        assert "place_folded_trgm" in plan

    def test_a_bad_filter_value_is_a_clear_error(self, client):
        response = client.get("/en/municipalities/?region=KG-Q")
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
class TestMunicipalityPage:
    def test_shows_district_region_villages_and_code(self, client):
        kochkor = municipality(KOCHKOR)
        response = client.get(f"/ru/municipalities/{kochkor.pk}/")
        page = response.content.decode()
        assert response.status_code == 200
        for text in ("Кочкорский айылный аймак", "Кочкорский район", "Кочкорка"):
            assert text in page
        assert KOCHKOR in page

    def test_staff_contacts_only_for_those_allowed(
        self, client_for, consultant, coordinator, academy_admin
    ):
        from tests.accounts.factories import CoordinatorFactory, UserFactory

        talas = CoordinatorFactory()
        talas.coordinated_regions.add(region("KG-T"))
        superuser = UserFactory(is_superuser=True)
        pending_viewer = PendingStaffFactory().user
        staff_elsewhere = StaffMembershipFactory().user
        kochkor = municipality(KOCHKOR)
        staff = StaffMembershipFactory(
            municipality=kochkor, work_phone="+996312777888"
        ).user
        PendingStaffFactory(municipality=kochkor, work_phone="+996312999000")
        url = kochkor.get_absolute_url()
        for viewer in (None, consultant.user, pending_viewer):
            page = client_for(viewer).get(url).content.decode()
            assert "+996312777888" not in page
            assert str(staff) not in page
        for viewer in (
            staff,
            staff_elsewhere,
            coordinator,
            talas,
            academy_admin,
            superuser,
        ):
            page = client_for(viewer).get(url).content.decode()
            assert "+996312777888" in page
            assert "+996312999000" not in page  # pending: not staff yet

    def test_tenders_panel_shows_drafts_to_own_staff_only(self, client_for):
        kochkor = municipality(KOCHKOR)
        published = published_tender(municipality=kochkor)
        draft = TenderFactory(municipality=kochkor)
        own = StaffMembershipFactory(municipality=kochkor).user
        other = StaffMembershipFactory().user
        pending = PendingStaffFactory(municipality=kochkor).user
        for viewer, sees_draft in ((own, True), (other, False), (pending, False)):
            page = client_for(viewer).get(kochkor.get_absolute_url()).content.decode()
            assert published.title in page
            assert (draft.title in page) is sees_draft

    def test_members_serving_it(self, client):
        kochkor = municipality(KOCHKOR)
        serving = ConsultantFactory(regions_served=[region("KG-N")])
        elsewhere = ConsultantFactory(home_region=region("KG-T"))
        page = client.get(kochkor.get_absolute_url()).content.decode()
        assert serving.name in page
        assert elsewhere.name not in page

    def test_a_retired_municipality_names_its_successor(self, client):
        old, new = municipality(KOCHKOR), municipality("41704235812000")
        old.retired_on, old.successor = "2024-01-01", new
        old.save()
        page = client.get(f"/en/municipalities/{old.pk}/").content.decode()
        assert "Retired from the register on 01.01.2024" in page
        assert new.get_absolute_url() in page
        assert (
            old.get_absolute_url()
            in client.get(new.get_absolute_url()).content.decode()
        )


@pytest.mark.django_db
class TestMunicipalityApi:
    def test_same_filters_as_the_page(self, client):
        response = client.get(
            "/api/v1/municipalities/?region=KG-N&kind=ayil_okmotu&page_size=100"
        )
        assert response.status_code == 200
        assert response.json()["count"] == 63
        response = client.get("/api/v1/municipalities/", {"q": "кочкорка"})
        assert [row["soate"] for row in response.json()["results"]] == [KOCHKOR]

    def test_detail_lists_villages_in_the_readers_language(self, client):
        kochkor = municipality(KOCHKOR)
        data = client.get(
            f"/api/v1/municipalities/{kochkor.pk}/", HTTP_ACCEPT_LANGUAGE="ru"
        ).json()
        assert data["name"] == "Кочкорский айылный аймак"
        assert data["region"] == "KG-N"
        assert data["district"] == kochkor.district_id
        assert "Кочкорка" in [place["name"] for place in data["places"]]

    def test_a_bad_filter_is_a_400(self, client):
        assert client.get("/api/v1/municipalities/?kind=village").status_code == 400

    def test_queries_do_not_grow_with_the_page_size(self, client):
        def queries(size):
            with CaptureQueriesContext(connection) as captured:
                assert (
                    client.get(f"/api/v1/municipalities/?page_size={size}").status_code
                    == 200
                )
            return len(captured)

        assert queries(10) == queries(100)
