"""Members who could help, on a municipality's page (the consultants panel)
and in the API (GET /api/v1/municipalities/<id>/recommended-members/), for
every role; bad input is a clear error in the reader's language."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultants.models import Availability, Consultant, NetworkStatus
from tests.accounts.factories import (
    AcademyAdminFactory,
    ConsultantUserFactory,
    CoordinatorFactory,
)
from tests.consultants.test_recommendations import _member
from tests.municipalities.factories import (
    DistrictFactory,
    MunicipalityFactory,
    StaffMembershipFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    Consultant.objects.update(availability=Availability.NOT_TAKING)
    district = DistrictFactory(name_en="Test District", region=region("KG-N"))
    return MunicipalityFactory(region=region("KG-N"), district=district)


@pytest.fixture
def members(place):
    chui = region("KG-C")
    return [
        _member(
            "Ala",
            areas=["tariffs"],
            district=place.district,
            certified=["tariffs"],
            contracts=12,
            ratings=(12, "4.70"),
            status=NetworkStatus.CERTIFIED,
        ),
        _member("Bek", areas=["budget-transparency"], district=place.district),
        _member("Cholpon", areas=["tariffs"], home_region=chui),
        _member(
            "Erkin",
            areas=["tariffs"],
            district=place.district,
            availability=Availability.BUSY,
            busy_until=timezone.localdate() + timedelta(days=30),
        ),
        _member(
            "Farida",
            areas=["tariffs"],
            district=place.district,
            availability=Availability.NOT_TAKING,
        ),
    ]


def _order(html: str, names) -> list[str]:
    found = [(html.find(f">{name}</a>"), name) for name in names]
    return [name for at, name in sorted(found) if at >= 0]


NAMES = ["Ala", "Bek", "Cholpon", "Erkin", "Farida"]


def _roles():
    """Public data: every role sees the same."""
    coordinator = CoordinatorFactory()
    coordinator.coordinated_regions.add(region("KG-N"))
    return {
        "anonymous": None,
        "staff": StaffMembershipFactory().user,
        "consultant": ConsultantUserFactory(),
        "coordinator": coordinator,
        "academy": AcademyAdminFactory(),
    }


class TestMunicipalityPage:
    def test_every_role_sees_the_ranked_members_and_why(
        self, client_for, place, members
    ):
        for role, user in _roles().items():
            page = client_for(user).get(f"/en/municipalities/{place.pk}/")
            html = page.content.decode()
            assert page.status_code == 200, role
            assert 'id="municipality-members"' in html
            # without an area: those serving the district or region
            assert _order(html, NAMES) == ["Ala", "Bek", "Erkin"], role
            assert "serves the district: Test District" in html
            assert "12 completed contracts" in html
            assert "busy until" in html

    def test_the_reader_picks_an_expertise_area(self, client, place, members):
        html = client.get(
            f"/en/municipalities/{place.pk}/", {"expertise": "tariffs"}
        ).content.decode()
        # Erkin is busy (−30) but serves the district (+25) and the region
        # (+15); Cholpon is based elsewhere
        assert _order(html, NAMES) == ["Ala", "Erkin", "Cholpon"]
        assert 'value="tariffs" selected' in html

    @pytest.mark.parametrize(
        "language, message",
        [
            ("ky", "Туура маанини тандаңыз"),
            ("ru", "Выберите корректный вариант"),
            ("en", "Select a valid choice"),
        ],
    )
    def test_an_unknown_area_is_a_clear_error_and_changes_nothing(
        self, client, place, members, language, message
    ):
        page = client.get(
            f"/{language}/municipalities/{place.pk}/", {"expertise": "no-such"}
        )
        html = page.content.decode()
        assert page.status_code == 200
        assert 'id="recommend-error"' in html and message in html
        assert _order(html, NAMES) == ["Ala", "Bek", "Erkin"]

    def test_the_page_reads_in_kyrgyz(self, client, place, members):
        html = client.get(
            f"/ky/municipalities/{place.pk}/", {"expertise": "tariffs"}
        ).content.decode()
        assert "Жардам бере турган" in html
        assert "completed contracts" not in html

    def test_query_count_does_not_grow_with_the_members(self, client, place, members):
        def count():
            with CaptureQueriesContext(connection) as captured:
                page = client.get(
                    f"/en/municipalities/{place.pk}/", {"expertise": "tariffs"}
                )
            assert page.status_code == 200
            return len(captured)

        few = count()
        for n in range(10):
            _member(f"More {n}", areas=["tariffs"], district=place.district)
        assert count() == few


API = "/api/v1/municipalities/{}/recommended-members/"


class TestApi:
    def test_every_role_gets_the_ranking_with_its_reasons(
        self, client_for, place, members
    ):
        for role, user in _roles().items():
            response = client_for(user).get(
                API.format(place.pk),
                {"expertise": "tariffs"},
                HTTP_ACCEPT_LANGUAGE="en",
            )
            assert response.status_code == 200, role
            rows = response.json()
            assert [row["name"] for row in rows] == ["Ala", "Erkin", "Cholpon"]
            ala = rows[0]
            assert ala["serves_district"] and ala["based_in_region"]
            assert ala["certified_for"] == ["tariffs"]
            assert ala["expertise_areas"] == ["tariffs"]
            assert (ala["completed_contracts"], ala["rating_count"]) == (12, 12)
            assert ala["rating_average"] == 4.7
            assert ala["available"] and ala["busy_until"] is None
            assert "12 completed contracts" in ala["reasons"]
            assert ala["url"] == f"/en/consultants/{members[0].pk}/"
            erkin = rows[1]
            assert not erkin["available"] and erkin["busy_until"]
            assert rows[0]["score"] > rows[1]["score"] > rows[2]["score"]

    def test_without_an_area_and_with_an_empty_one(self, client, place, members):
        for query in ({}, {"expertise": ""}):
            rows = client.get(API.format(place.pk), query).json()
            assert [row["name"] for row in rows] == ["Ala", "Bek", "Erkin"]

    def test_reasons_in_the_readers_language(self, client, place, members):
        rows = client.get(
            API.format(place.pk),
            {"expertise": "tariffs"},
            HTTP_ACCEPT_LANGUAGE="ru",
        ).json()
        assert any("Нарынская область" in reason for reason in rows[0]["reasons"])

    @pytest.mark.parametrize(
        "language, message",
        [
            ("ky", "Мындай эксперттик багыт жок: no-such."),
            ("ru", "Нет такого направления экспертизы: no-such."),
            ("en", "No such expertise area: no-such."),
        ],
    )
    def test_an_unknown_area_is_a_400_in_the_readers_language(
        self, client, place, members, language, message
    ):
        response = client.get(
            API.format(place.pk),
            {"expertise": ["tariffs", "no-such"]},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 400
        assert response.json() == {"expertise": [message]}

    def test_an_unknown_municipality_is_a_404(self, client):
        assert client.get(API.format(999999999)).status_code == 404

    def test_the_schema_documents_it(self, client):
        schema = client.get("/api/schema/", {"format": "json"}).json()
        operation = schema["paths"]["/api/v1/municipalities/{id}/recommended-members/"][
            "get"
        ]
        names = {p["name"] for p in operation["parameters"]}
        assert {"id", "expertise"} <= names
        assert {"200", "400", "404"} <= set(operation["responses"])
        body = operation["responses"]["200"]["content"]["application/json"]
        assert body["schema"]["type"] == "array"
