import pytest

from consultants.models import ExpertiseArea
from tests.consultants.factories import ApplicantFactory, ConsultantFactory
from tests.municipalities.factories import region

API = "/api/v1/consultants/"


@pytest.mark.django_db
class TestConsultantAPI:
    def test_lists_public_members_with_count(self, client):
        ApplicantFactory()
        data = client.get(API).json()
        assert data["count"] == 23
        assert all(item["status"] == "provisional" for item in data["results"])

    def test_same_filters_as_the_page(self, client):
        tariffs = ExpertiseArea.objects.get(code="tariffs")
        target = ConsultantFactory(
            home_region=region("KG-N"),
            kind="organization",
            expertise_areas=[tariffs],
            name_ru="Тарифный центр",
        )
        data = client.get(
            API,
            {
                "region": "KG-N",
                "expertise": "tariffs",
                "kind": "organization",
                "status": "provisional",
                "q": "тарифный",
            },
        ).json()
        assert [item["id"] for item in data["results"]] == [target.pk]
        page = client.get(
            "/ky/consultants/",
            {
                "region": "KG-N",
                "expertise": "tariffs",
                "kind": "organization",
                "q": "тарифный",
            },
        )
        assert [c.pk for c in page.context["consultants"]] == [target.pk]

    def test_invalid_filter_is_a_400_with_reason(self, client):
        response = client.get(API, {"region": "KG-ZZ"})
        assert response.status_code == 400
        assert "region" in response.json()

    def test_detail_hides_contacts_from_anonymous(
        self, client, client_for, municipal_staff
    ):
        member = ConsultantFactory(email="c@ngo.kg")
        assert client.get(f"{API}{member.pk}/").json()["contacts"] is None
        staff = client_for(municipal_staff).get(f"{API}{member.pk}/").json()
        assert staff["contacts"]["email"] == "c@ngo.kg"

    def test_applicant_detail_is_404(self, client):
        assert client.get(f"{API}{ApplicantFactory().pk}/").status_code == 404

    def test_names_follow_the_requested_language(self, client):
        member = ConsultantFactory(name_ky="Кыргызча", name_ru="По-русски", name_en="")
        assert (
            client.get(f"{API}{member.pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()["name"]
            == "По-русски"
        )
        # English empty: falls back
        assert client.get(f"{API}{member.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()[
            "name"
        ] in {"По-русски", "Кыргызча"}

    @pytest.mark.parametrize("page_size", [5, 50])
    def test_query_count_is_constant(
        self, client, django_assert_max_num_queries, page_size
    ):
        areas = list(ExpertiseArea.objects.all()[:4])
        for _ in range(50):
            ConsultantFactory(expertise_areas=areas, regions_served=[region("KG-T")])
        with django_assert_max_num_queries(4):
            data = client.get(API, {"page_size": page_size}).json()
        assert len(data["results"]) == page_size

    def test_expertise_areas_and_schema(self, client):
        areas = client.get("/api/v1/expertise-areas/").json()
        assert {a["code"] for a in areas} >= {"tariffs", "budget-transparency"}
        schema = client.get("/api/schema/")
        assert schema.status_code == 200
        assert b"/api/v1/consultants/" in schema.content
        docs = client.get("/api/docs/")
        assert docs.status_code == 200
        # Swagger UI comes from our static files: the docs work offline
        assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content


@pytest.mark.django_db
def test_api_404_is_in_the_requested_language(client):
    en = client.get(f"{API}999999/", HTTP_ACCEPT_LANGUAGE="en").json()
    ru = client.get(f"{API}999999/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert en == {"detail": "Not found."}
    assert ru["detail"] != en["detail"] and "Consultant" not in ru["detail"]
