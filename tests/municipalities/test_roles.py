"""Oblast coordinators and the names of municipalities: the academy's pages,
without the Django admin, for every role."""

import io

import pytest

from municipalities.models import Municipality, Place, RoleAction, RoleChange
from portal.accounts.models import Role
from tests.accounts.factories import (
    AcademyAdminFactory,
    CoordinatorFactory,
    UserFactory,
)
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import (
    PendingStaffFactory,
    StaffMembershipFactory,
    municipality,
    region,
)

KOCHKOR = "41704235816000"
KARA_SUU = "41704235812000"  # Кара-Сууский, same district
KOCHKORKA = "41704235816010"  # its village


def everyone() -> dict:
    coordinator = CoordinatorFactory()
    coordinator.coordinated_regions.add(region("KG-N"))
    return {
        "anonymous": None,
        "no_role": UserFactory(),
        "consultant": ConsultantFactory(user=UserFactory(role=Role.CONSULTANT)).user,
        "pending_staff": PendingStaffFactory().user,
        "staff": StaffMembershipFactory().user,
        "coordinator": coordinator,
        "academy": AcademyAdminFactory(),
        "superuser": UserFactory(is_superuser=True),
    }


ACADEMY_PAGES = [
    "/en/municipalities/coordinators/",
    "/en/municipalities/names/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ACADEMY_PAGES)
def test_only_the_academy_opens_its_pages(client_for, path):
    for role, person in everyone().items():
        status = client_for(person).get(path).status_code
        expected = {"anonymous": 302, "academy": 200, "superuser": 200}.get(role, 403)
        assert status == expected, role


@pytest.mark.django_db
class TestCoordinators:
    def appoint(self, client, email, code="KG-N", reason="Облусту жакшы билет."):
        return client.post(
            "/en/municipalities/coordinators/",
            {"email": email, "region": code, "reason": reason},
        )

    def test_the_academy_appoints_with_a_reason(self, client_for, academy_admin):
        person = UserFactory(email="nurlan@example.kg")
        response = self.appoint(client_for(academy_admin), "Nurlan@Example.kg")
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.role == Role.COORDINATOR
        assert list(person.coordinated_regions.values_list("code", flat=True)) == [
            "KG-N"
        ]
        change = RoleChange.objects.get(user=person)
        assert (change.action, change.region_id, change.by, change.reason) == (
            RoleAction.COORDINATOR_APPOINTED,
            "KG-N",
            academy_admin,
            "Облусту жакшы билет.",
        )

    @pytest.mark.parametrize(
        ("email", "reason", "message"),
        [
            ("nobody@example.kg", "Себеп", "No account has this email"),
            ("person@example.kg", "", "This field is required"),
        ],
    )
    def test_bad_input_changes_nothing(
        self, client_for, academy_admin, email, reason, message
    ):
        UserFactory(email="person@example.kg")
        response = self.appoint(client_for(academy_admin), email, reason=reason)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not RoleChange.objects.exists()

    @pytest.mark.parametrize("role", ["consultant", "municipal_staff", "academy_admin"])
    def test_a_person_with_another_role_is_refused(
        self, client_for, academy_admin, role
    ):
        person = UserFactory(role=role)
        response = self.appoint(client_for(academy_admin), person.email)
        assert response.status_code == 200
        assert "already has another role" in response.content.decode()
        person.refresh_from_db()
        assert person.role == role
        assert not person.coordinated_regions.exists()

    @pytest.mark.parametrize(
        "role", ["no_role", "consultant", "pending_staff", "staff", "coordinator"]
    )
    def test_nobody_else_appoints(self, client_for, role):
        person = UserFactory(email="target@example.kg")
        response = self.appoint(client_for(everyone()[role]), person.email)
        assert response.status_code == 403
        person.refresh_from_db()
        assert person.role == ""

    def test_removal_takes_effect_in_an_open_session(
        self, client_for, academy_admin, coordinator
    ):
        request = PendingStaffFactory(municipality=municipality(KOCHKOR))
        session = client_for(coordinator)
        assert session.get("/en/municipalities/staff/").status_code == 200
        url = f"/en/municipalities/coordinators/KG-N/{coordinator.pk}/remove/"
        client_for(academy_admin).post(url, {"reason": ""})
        coordinator.refresh_from_db()
        assert coordinator.role == Role.COORDINATOR  # no reason, nothing done
        client_for(academy_admin).post(url, {"reason": "Башка ишке өттү."})
        coordinator.refresh_from_db()
        assert coordinator.role == ""
        assert not coordinator.coordinated_regions.exists()
        assert session.get("/en/municipalities/staff/").status_code == 403
        response = session.post(f"/en/municipalities/staff/{request.pk}/confirm/")
        assert response.status_code == 404  # no longer theirs to see
        request.refresh_from_db()
        assert request.is_pending
        change = RoleChange.objects.get(action=RoleAction.COORDINATOR_REMOVED)
        assert (change.by, change.reason) == (academy_admin, "Башка ишке өттү.")

    def test_a_coordinator_of_two_regions_keeps_the_other(
        self, client_for, academy_admin, coordinator
    ):
        coordinator.coordinated_regions.add(region("KG-T"))
        client_for(academy_admin).post(
            f"/en/municipalities/coordinators/KG-N/{coordinator.pk}/remove/",
            {"reason": "Таласта гана."},
        )
        coordinator.refresh_from_db()
        assert coordinator.role == Role.COORDINATOR
        assert list(coordinator.coordinated_regions.values_list("code", flat=True)) == [
            "KG-T"
        ]

    def test_a_coordinator_cannot_remove_another(self, client_for, coordinator):
        other = CoordinatorFactory()
        other.coordinated_regions.add(region("KG-N"))
        response = client_for(coordinator).post(
            f"/en/municipalities/coordinators/KG-N/{other.pk}/remove/",
            {"reason": "Жок"},
        )
        assert response.status_code == 403
        assert other.coordinated_regions.exists()


def upload(client, text: str):
    data = io.BytesIO(text.encode("utf-8"))
    data.name = "names.csv"
    return client.post("/en/municipalities/names/", {"file": data})


@pytest.mark.django_db
class TestNames:
    def test_a_csv_fills_kyrgyz_and_english_names(self, client_for, academy_admin):
        response = upload(
            client_for(academy_admin),
            "soate,name_ky,name_en\n"
            f"{KOCHKOR},Кочкор айыл аймагы,Kochkor Ayil Aimak\n"
            f"{KOCHKORKA},Кочкор,\n",
        )
        assert response.status_code == 302
        kochkor = municipality(KOCHKOR)
        assert (kochkor.name_ky, kochkor.name_en, kochkor.name_ru) == (
            "Кочкор айыл аймагы",
            "Kochkor Ayil Aimak",
            "Кочкорский айылный аймак",
        )
        assert Place.objects.get(soate=KOCHKORKA).name_ky == "Кочкор"
        page = client_for(None).get(f"/ky/municipalities/{kochkor.pk}/")
        assert "Кочкор айыл аймагы" in page.content.decode()

    @pytest.mark.parametrize(
        ("body", "reason", "line"),
        [
            ("41704235816,Кочкор,\n", "is not a SOATE code", 3),
            ("41704235899000,Жок,\n", "no municipality or village has the code", 3),
            (f"{KOCHKOR},,\n", "give a Kyrgyz or an English name", 3),
            (f"{KARA_SUU},Бир ат,\n{KOCHKOR},бир АТ,\n", "already called", 4),
            (f"{KOCHKOR},Кочкор,Kochkor,extra\n", "more values than the header", 3),
        ],
    )
    def test_a_bad_line_saves_nothing(
        self, client_for, academy_admin, body, reason, line
    ):
        before = list(Municipality.objects.values_list("pk", "name_ky", "name_en"))
        response = upload(
            client_for(academy_admin),
            f"soate,name_ky,name_en\n{KOCHKORKA},Кочкор,\n" + body,
        )
        assert response.status_code == 200
        assert reason in response.content.decode()
        assert f"Line {line}:" in response.content.decode()
        assert list(Municipality.objects.values_list("pk", "name_ky", "name_en")) == (
            before
        )
        assert Place.objects.get(soate=KOCHKORKA).name_ky is None

    def test_one_at_a_time(self, client_for, academy_admin):
        kochkor = municipality(KOCHKOR)
        response = client_for(academy_admin).post(
            f"/en/municipalities/names/{kochkor.pk}/",
            {"name_ky": " Кочкор  айыл аймагы ", "name_en": ""},
        )
        assert response.status_code == 302
        kochkor.refresh_from_db()
        assert (kochkor.name_ky, kochkor.name_en) == ("Кочкор айыл аймагы", None)

    def test_a_name_taken_in_the_district_is_refused(self, client_for, academy_admin):
        kara_suu = municipality(KARA_SUU)
        kara_suu.name_ky = "Бир ат"
        kara_suu.save()
        kochkor = municipality(KOCHKOR)
        response = client_for(academy_admin).post(
            f"/en/municipalities/names/{kochkor.pk}/", {"name_ky": "бир АТ"}
        )
        assert response.status_code == 200
        assert "Another municipality of this district" in response.content.decode()

    @pytest.mark.parametrize("role", ["no_role", "consultant", "staff", "coordinator"])
    def test_nobody_else_changes_names(self, client_for, role):
        kochkor = municipality(KOCHKOR)
        client = client_for(everyone()[role])
        assert (
            client.post(
                f"/en/municipalities/names/{kochkor.pk}/", {"name_ky": "Башка"}
            ).status_code
            == 403
        )
        assert upload(client, f"soate,name_ky\n{KOCHKOR},Башка\n").status_code == 403
        kochkor.refresh_from_db()
        assert kochkor.name_ky is None
