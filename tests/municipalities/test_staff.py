"""Municipal staff: asking to join, confirmation by whom it may be, rights
only when confirmed, every decision kept; tested from the outside for every
role."""

import pytest
from django.core import mail

from municipalities.models import MembershipStatus, RoleAction, RoleChange
from portal.accounts.models import Role
from portal.outbox.services import outbox_dispatch
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
from tests.procurement.factories import TenderFactory

AT_BASHY = "41704220803000"  # Ак-Джар ayil aimak, At-Bashy district, Naryn


@pytest.fixture
def aimak(db):
    return municipality(AT_BASHY)


@pytest.fixture
def request_(aimak):
    """A pending request to join the aimak."""
    return PendingStaffFactory(municipality=aimak, user__full_name="Нурлан Асанов")


def roles(aimak) -> dict:
    """Every role, as seen by a request of the aimak (in Naryn)."""
    naryn = CoordinatorFactory()
    naryn.coordinated_regions.add(region("KG-N"))
    talas = CoordinatorFactory()
    talas.coordinated_regions.add(region("KG-T"))
    superuser = UserFactory(is_superuser=True)
    return {
        "anonymous": None,
        "no_role": UserFactory(),
        "consultant": ConsultantFactory(user=UserFactory(role=Role.CONSULTANT)).user,
        "pending_staff_here": PendingStaffFactory(municipality=aimak).user,
        "staff_here": StaffMembershipFactory(municipality=aimak).user,
        "staff_elsewhere": StaffMembershipFactory().user,
        "coordinator_here": naryn,
        "coordinator_elsewhere": talas,
        "academy": AcademyAdminFactory(),
        "superuser": superuser,
    }


# who may confirm a request of the aimak, and what each gets on trying
CONFIRM = {
    "anonymous": 302,  # to sign-in
    # a request they may not see does not exist for them
    "no_role": 404,
    "consultant": 404,
    "pending_staff_here": 404,
    "staff_here": "confirmed",
    "staff_elsewhere": 404,
    "coordinator_here": "confirmed",
    "coordinator_elsewhere": 404,
    "academy": "confirmed",
    "superuser": "confirmed",
}


@pytest.mark.django_db
class TestAskingToJoin:
    def test_the_join_page_finds_the_municipality_by_a_village(self, client_for, aimak):
        village = aimak.places.order_by("name_ru").first()
        user = UserFactory()
        response = client_for(user).get(
            "/ru/municipalities/join/", {"q": village.name_ru.upper()}
        )
        assert response.status_code == 200
        assert aimak in response.context["results"]

    def test_a_request_waits_with_no_rights(self, client_for, aimak):
        user = UserFactory()
        client = client_for(user)
        response = client.post(
            "/en/municipalities/join/",
            {
                "municipality": aimak.pk,
                "position": "Специалист",
                "work_phone": "+996312555000",
            },
        )
        assert response.status_code == 302
        membership = user.staff_membership
        assert (membership.status, membership.municipality) == ("pending", aimak)
        user.refresh_from_db()
        assert user.role == ""
        change = RoleChange.objects.get(user=user)
        assert (change.action, change.by, change.municipality) == (
            RoleAction.STAFF_REQUESTED,
            user,
            aimak,
        )
        # it shows where it stands; no staff rights yet
        page = client.get("/en/municipalities/join/").content.decode()
        assert "waiting for confirmation" in page
        dashboard = client.get("/en/me/").content.decode()
        assert "waiting for confirmation" in dashboard
        assert "/consultants/mine/" not in dashboard
        assert client.get("/en/tenders/new/").status_code == 403
        draft = TenderFactory(municipality=aimak)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get("/en/municipalities/staff/").status_code == 403
        consultant = ConsultantFactory(email="hidden@ngo.kg")
        assert (
            "hidden@ngo.kg"
            not in client.get(consultant.get_absolute_url()).content.decode()
        )

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"position": "Адис", "work_phone": "0555"}, "work_phone"),
            ({"work_phone": "+996312555000"}, "position"),
            ({"position": "Адис", "work_phone": "+996312555000"}, "municipality"),
        ],
    )
    def test_bad_input_changes_nothing(self, client_for, aimak, data, field):
        user = UserFactory()
        response = client_for(user).post(
            "/en/municipalities/join/", {"municipality": aimak.pk, **data}
            if field != "municipality" else data
        )  # fmt: skip
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert not RoleChange.objects.filter(user=user).exists()

    def test_a_retired_municipality_cannot_be_chosen(self, client_for, aimak):
        aimak.retired_on = "2024-01-01"
        aimak.save()
        user = UserFactory()
        response = client_for(user).post(
            "/en/municipalities/join/",
            {"municipality": aimak.pk, "position": "А", "work_phone": "+996312555000"},
        )
        assert "municipality" in response.context["form"].errors

    def test_anonymous_visitors_sign_in_first(self, client):
        response = client.get("/en/municipalities/join/")
        assert "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("role", ["consultant", "coordinator", "academy_admin"])
    def test_other_roles_cannot_ask(self, client_for, aimak, role):
        user = UserFactory(role=role)
        assert client_for(user).get("/en/municipalities/join/").status_code == 403
        response = client_for(user).post(
            "/en/municipalities/join/",
            {"municipality": aimak.pk, "position": "А", "work_phone": "+996312555000"},
        )
        assert response.status_code == 403

    def test_deciders_hear_of_the_request(self, client_for, aimak, coordinator):
        colleague = StaffMembershipFactory(municipality=aimak).user
        user = UserFactory(full_name="Нурлан Асанов")
        client_for(user).post(
            "/ky/municipalities/join/",
            {"municipality": aimak.pk, "position": "А", "work_phone": "+996312555000"},
        )
        outbox_dispatch()
        outbox_dispatch()
        recipients = sorted(m.to[0] for m in mail.outbox)
        assert recipients == sorted([coordinator.email, colleague.email])
        assert "Нурлан Асанов" in mail.outbox[0].subject


@pytest.mark.django_db
class TestConfirming:
    @pytest.mark.parametrize("role", list(CONFIRM))
    def test_who_may_confirm(self, client_for, aimak, request_, role):
        people = roles(aimak)
        response = client_for(people[role]).post(
            f"/en/municipalities/staff/{request_.pk}/confirm/"
        )
        request_.refresh_from_db()
        expected = CONFIRM[role]
        if expected == "confirmed":
            assert response.status_code == 302
            assert request_.status == MembershipStatus.CONFIRMED
            change = RoleChange.objects.get(action=RoleAction.STAFF_CONFIRMED)
            assert change.by == people[role]
            assert change.at == request_.decided_at
        else:
            assert response.status_code == expected
            assert request_.status == MembershipStatus.PENDING
            assert not RoleChange.objects.filter(
                action=RoleAction.STAFF_CONFIRMED
            ).exists()

    def test_nobody_confirms_themselves(self, client_for, request_):
        response = client_for(request_.user).post(
            f"/en/municipalities/staff/{request_.pk}/confirm/"
        )
        assert response.status_code == 403
        request_.refresh_from_db()
        assert request_.is_pending

    def test_confirmed_staff_get_rights_at_once(
        self, client_for, request_, coordinator
    ):
        client = client_for(request_.user)
        assert client.get("/en/tenders/new/").status_code == 403
        client_for(coordinator).post(f"/en/municipalities/staff/{request_.pk}/confirm/")
        request_.user.refresh_from_db()
        assert request_.user.role == Role.MUNICIPAL_STAFF
        assert client.get("/en/tenders/new/").status_code == 200
        outbox_dispatch()  # the decision, which queues the email
        outbox_dispatch()
        assert mail.outbox[-1].to == [request_.user.email]

    def test_declining_needs_a_reason_and_is_kept(
        self, client_for, request_, coordinator
    ):
        client = client_for(coordinator)
        url = f"/en/municipalities/staff/{request_.pk}/decline/"
        client.post(url, {"reason": " "})
        request_.refresh_from_db()
        assert request_.is_pending
        client.post(url, {"reason": "Бул адам бизде иштебейт."})
        request_.refresh_from_db()
        assert request_.status == MembershipStatus.DECLINED
        change = RoleChange.objects.get(action=RoleAction.STAFF_DECLINED)
        assert (change.reason, change.by) == ("Бул адам бизде иштебейт.", coordinator)
        # and the person may ask again
        response = client_for(request_.user).post(
            "/en/municipalities/join/",
            {
                "municipality": request_.municipality_id,
                "position": "Адис",
                "work_phone": "+996312555000",
            },
        )
        assert response.status_code == 302
        request_.refresh_from_db()
        assert request_.is_pending

    def test_a_decided_request_cannot_be_decided_again(
        self, client_for, request_, academy_admin, coordinator
    ):
        client_for(academy_admin).post(
            f"/en/municipalities/staff/{request_.pk}/confirm/"
        )
        client_for(coordinator).post(
            f"/en/municipalities/staff/{request_.pk}/decline/", {"reason": "Жок"}
        )
        request_.refresh_from_db()
        assert request_.status == MembershipStatus.CONFIRMED
        assert RoleChange.objects.filter(user=request_.user).count() == 1


@pytest.mark.django_db
class TestRemoving:
    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("anonymous", "login"),
            ("no_role", 404),
            ("consultant", 404),
            ("pending_staff_here", 404),
            ("staff_here", 403),
            ("staff_elsewhere", 404),
            ("coordinator_here", 403),
            ("coordinator_elsewhere", 404),
            ("academy", "removed"),
            ("superuser", "removed"),
        ],
    )
    def test_only_the_academy_removes_staff(self, client_for, aimak, role, expected):
        people = roles(aimak)
        member = StaffMembershipFactory(municipality=aimak)
        response = client_for(people[role]).post(
            f"/en/municipalities/staff/{member.pk}/remove/", {"reason": "Иштен кетти."}
        )
        member.refresh_from_db()
        if expected == "login":
            assert "/accounts/login/" in response["Location"]
        elif expected == "removed":
            assert response.status_code == 302
        else:
            assert response.status_code == expected
        assert (member.status == MembershipStatus.REMOVED) is (expected == "removed")
        member.user.refresh_from_db()
        assert (member.user.role == Role.MUNICIPAL_STAFF) is (expected != "removed")

    def test_removal_takes_rights_away_in_an_open_session(
        self, client_for, aimak, academy_admin
    ):
        member = StaffMembershipFactory(municipality=aimak)
        draft = TenderFactory(municipality=aimak)
        session = client_for(member.user)
        assert session.get(draft.get_absolute_url()).status_code == 200
        client_for(academy_admin).post(
            f"/en/municipalities/staff/{member.pk}/remove/", {"reason": "Иштен кетти."}
        )
        assert session.get(draft.get_absolute_url()).status_code == 404
        assert session.get("/en/tenders/new/").status_code == 403
        change = RoleChange.objects.get(action=RoleAction.STAFF_REMOVED)
        assert (change.by, change.reason) == (academy_admin, "Иштен кетти.")


@pytest.mark.django_db
class TestStaffList:
    @pytest.mark.parametrize(
        ("role", "status", "sees_request"),
        [
            ("anonymous", 302, False),
            ("no_role", 403, False),
            ("consultant", 403, False),
            ("pending_staff_here", 403, False),
            ("staff_here", 200, True),
            ("staff_elsewhere", 200, False),
            ("coordinator_here", 200, True),
            ("coordinator_elsewhere", 200, False),
            ("academy", 200, True),
            ("superuser", 200, True),
        ],
    )
    def test_each_role_sees_its_part(
        self, client_for, aimak, request_, role, status, sees_request
    ):
        response = client_for(roles(aimak)[role]).get("/en/municipalities/staff/")
        assert response.status_code == status
        if status == 200:
            shown = [m for m, _actions in response.context["rows"]]
            assert (request_ in shown) is sees_request
