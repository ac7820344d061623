"""Taking over registry profiles: invitations (signed, single-use, expiring,
for one profile) and claims confirmed by the academy; no duplicate applicant
for someone already in the registry."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from consultants.claims import invitation_create, invitation_token
from consultants.models import (
    ClaimStatus,
    Consultant,
    ExpertiseArea,
    ProfileClaim,
    ProfileInvitation,
)
from portal.accounts.models import Role, User
from portal.outbox.models import Event
from portal.outbox.services import outbox_dispatch
from tests.accounts.factories import (
    AcademyAdminFactory,
    CoordinatorFactory,
    UserFactory,
)
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import PendingStaffFactory, StaffMembershipFactory

LINK = re.compile(r"https?://\S+/consultants/(\d+)/claim/(\S+)/")
PASSWORD = "Aimak-2026-strong"


@pytest.fixture
def first_member(db):
    """One of the 23 first members: in the registry, without an account."""
    return Consultant.objects.get(name_ky="Нарын экономикалык өнүгүү борбору")


def send_invitation(client, consultant, email="centre@naryn.kg") -> str:
    """The academy invites through the page; returns the link as mailed."""
    response = client.post(f"/ky/consultants/{consultant.pk}/invite/", {"email": email})
    assert response.status_code == 302
    outbox_dispatch()
    message = mail.outbox[-1]
    assert message.to == [email]
    return LINK.search(message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.mark.django_db
class TestInvitations:
    def test_the_outbox_never_holds_the_link(
        self, client_for, academy_admin, first_member
    ):
        send_invitation(client_for(academy_admin), first_member)
        event = Event.objects.get(topic="consultants.invited")
        assert "claim" not in str(event.payload)
        assert set(event.payload) == {"invitation_id", "language"}

    def test_a_new_account_takes_the_profile_over_and_edits_it(
        self, client_for, academy_admin, first_member
    ):
        url = path_of(send_invitation(client_for(academy_admin), first_member))
        visitor = client_for(None)
        assert visitor.get(url).status_code == 200
        response = visitor.post(
            url,
            {
                "full_name": "Айбек Осмонов",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 302
        assert response["Location"] == f"/ky/consultants/{first_member.pk}/edit/"
        first_member.refresh_from_db()
        user = first_member.user
        assert (user.email, user.role, user.full_name) == (
            "centre@naryn.kg",
            Role.CONSULTANT,
            "Айбек Осмонов",
        )
        assert user.emailaddress_set.get().verified
        invitation = ProfileInvitation.objects.get()
        assert invitation.accepted_by == user and invitation.accepted_at
        # the member, now signed in, edits the profile
        form = visitor.get(response["Location"]).context["form"]
        data = {
            key: value
            for key, value in form.initial.items()
            if value not in (None, "") and not isinstance(value, list)
        }
        data.update(
            bio_ky="Нарында экономикалык өнүгүү боюнча иштейбиз.",
            email="centre@naryn.kg",
            languages=["ky", "ru"],
            expertise_areas=[ExpertiseArea.objects.first().pk],
        )
        assert visitor.post(response["Location"], data).status_code == 302
        first_member.refresh_from_db()
        assert first_member.bio_ky == "Нарында экономикалык өнүгүү боюнча иштейбиз."

    def test_the_link_works_once(self, client_for, academy_admin, first_member):
        url = path_of(send_invitation(client_for(academy_admin), first_member))
        client_for(None).post(
            url, {"full_name": "А", "password1": PASSWORD, "password2": PASSWORD}
        )
        second = client_for(UserFactory())
        assert second.get(url).status_code == 400
        assert second.post(url).status_code == 400
        first_member.refresh_from_db()
        assert first_member.user.email == "centre@naryn.kg"

    def test_the_link_expires(self, client_for, academy_admin, first_member, settings):
        url = path_of(send_invitation(client_for(academy_admin), first_member))
        later = timezone.now() + timedelta(
            days=settings.PROFILE_INVITATION_DAYS, hours=1
        )
        with time_machine.travel(later):
            response = client_for(UserFactory()).post(url)
        assert response.status_code == 400
        first_member.refresh_from_db()
        assert first_member.user is None

    def test_the_link_cannot_be_used_for_another_profile(
        self, client_for, academy_admin, first_member
    ):
        url = path_of(send_invitation(client_for(academy_admin), first_member))
        other = ConsultantFactory()
        forged = url.replace(
            f"/consultants/{first_member.pk}/", f"/consultants/{other.pk}/"
        )
        response = client_for(UserFactory()).post(forged)
        assert response.status_code == 400
        other.refresh_from_db()
        assert other.user is None

    def test_a_tampered_token_is_refused(self, client_for, first_member, academy_admin):
        invitation = invitation_create(
            consultant=first_member, email="a@b.kg", by=academy_admin
        )
        token = invitation_token(invitation)
        url = f"/ky/consultants/{first_member.pk}/claim/{token[:-2]}xx/"
        assert client_for(UserFactory()).post(url).status_code == 400

    def test_a_signed_in_person_accepts(self, client_for, academy_admin, first_member):
        url = path_of(send_invitation(client_for(academy_admin), first_member))
        person = UserFactory()
        assert client_for(person).post(url).status_code == 302
        first_member.refresh_from_db()
        assert first_member.user == person

    @pytest.mark.parametrize(
        "make",
        [
            lambda: ConsultantFactory(user=UserFactory(role=Role.CONSULTANT)).user,
            lambda: StaffMembershipFactory().user,
            lambda: PendingStaffFactory().user,
            CoordinatorFactory,
            AcademyAdminFactory,
        ],
    )
    def test_an_account_with_a_profile_or_role_cannot_accept(
        self, client_for, academy_admin, first_member, make
    ):
        url = path_of(send_invitation(client_for(academy_admin), first_member))
        person = make()
        response = client_for(person).post(url)
        assert response.status_code == 200
        first_member.refresh_from_db()
        assert first_member.user is None
        assert ProfileInvitation.objects.get().accepted_at is None

    def test_an_existing_account_is_asked_to_sign_in(
        self, client_for, academy_admin, first_member
    ):
        UserFactory(email="centre@naryn.kg")
        url = path_of(send_invitation(client_for(academy_admin), first_member))
        visitor = client_for(None)
        page = visitor.get(url).content.decode()
        assert f"/ky/accounts/login/?next={url}" in page
        response = visitor.post(
            url, {"full_name": "А", "password1": PASSWORD, "password2": PASSWORD}
        )
        assert response.status_code == 200
        assert User.objects.filter(email="centre@naryn.kg").count() == 1

    @pytest.mark.parametrize(
        "role", [None, "no_role", "consultant", "staff", "coordinator"]
    )
    def test_only_the_academy_invites(self, client_for, first_member, role):
        person = {
            None: lambda: None,
            "no_role": UserFactory,
            "consultant": lambda: (
                ConsultantFactory(user=UserFactory(role=Role.CONSULTANT)).user
            ),
            "staff": lambda: StaffMembershipFactory().user,
            "coordinator": CoordinatorFactory,
        }[role]()
        response = client_for(person).post(
            f"/ky/consultants/{first_member.pk}/invite/", {"email": "x@y.kg"}
        )
        assert response.status_code == (302 if person is None else 403)
        if person is None:
            assert "/accounts/login/" in response["Location"]
        assert not ProfileInvitation.objects.exists()

    def test_a_profile_with_an_account_cannot_be_offered(
        self, client_for, academy_admin, consultant
    ):
        response = client_for(academy_admin).post(
            f"/ky/consultants/{consultant.pk}/invite/", {"email": "x@y.kg"}
        )
        assert response.status_code == 403


@pytest.mark.django_db
class TestClaims:
    def claim(self, client, consultant, message="Мен фонддун директорумун."):
        return client.post(
            f"/ky/consultants/{consultant.pk}/claim/", {"message": message}
        )

    def test_a_member_asks_and_the_academy_gives_it(
        self, client_for, first_member, academy_admin
    ):
        person = UserFactory()
        page = client_for(person).get(first_member.get_absolute_url()).content.decode()
        assert f"/ky/consultants/{first_member.pk}/claim/" in page
        assert self.claim(client_for(person), first_member).status_code == 302
        claim = ProfileClaim.objects.get()
        assert (claim.user, claim.status) == (person, ClaimStatus.PENDING)
        outbox_dispatch()
        outbox_dispatch()
        assert academy_admin.email in [m.to[0] for m in mail.outbox]
        # a second person asked for the same profile
        rival = UserFactory()
        self.claim(client_for(rival), first_member)
        response = client_for(academy_admin).post(
            f"/ky/consultants/claims/{claim.pk}/accept/"
        )
        assert response.status_code == 302
        first_member.refresh_from_db()
        assert first_member.user == person
        person.refresh_from_db()
        assert person.role == Role.CONSULTANT
        claim.refresh_from_db()
        assert (claim.status, claim.decided_by) == (ClaimStatus.ACCEPTED, academy_admin)
        assert ProfileClaim.objects.get(user=rival).status == ClaimStatus.DECLINED

    def test_declining_needs_a_reason(self, client_for, first_member, academy_admin):
        person = UserFactory()
        self.claim(client_for(person), first_member)
        claim = ProfileClaim.objects.get()
        url = f"/ky/consultants/claims/{claim.pk}/decline/"
        client_for(academy_admin).post(url, {"reason": ""})
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.PENDING
        client_for(academy_admin).post(url, {"reason": "Фонддо мындай адам жок."})
        claim.refresh_from_db()
        assert (claim.status, claim.decision_reason) == (
            ClaimStatus.DECLINED,
            "Фонддо мындай адам жок.",
        )
        first_member.refresh_from_db()
        assert first_member.user is None

    @pytest.mark.parametrize("role", ["no_role", "consultant", "staff", "coordinator"])
    def test_only_the_academy_decides(self, client_for, first_member, role):
        self.claim(client_for(UserFactory()), first_member)
        claim = ProfileClaim.objects.get()
        person = {
            "no_role": UserFactory,
            "consultant": lambda: (
                ConsultantFactory(user=UserFactory(role=Role.CONSULTANT)).user
            ),
            "staff": lambda: StaffMembershipFactory().user,
            "coordinator": CoordinatorFactory,
        }[role]()
        client = client_for(person)
        assert client.get("/ky/consultants/claims/").status_code == 403
        assert (
            client.post(f"/ky/consultants/claims/{claim.pk}/accept/").status_code == 403
        )
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.PENDING

    @pytest.mark.parametrize(
        "make",
        [
            lambda: ConsultantFactory(user=UserFactory(role=Role.CONSULTANT)).user,
            lambda: StaffMembershipFactory().user,
            lambda: PendingStaffFactory().user,
            CoordinatorFactory,
        ],
    )
    def test_who_cannot_claim(self, client_for, first_member, make):
        assert self.claim(client_for(make()), first_member).status_code == 403
        assert not ProfileClaim.objects.exists()

    def test_a_profile_with_an_account_cannot_be_claimed(self, client_for, consultant):
        assert self.claim(client_for(UserFactory()), consultant).status_code == 403

    def test_one_claim_at_a_time(self, client_for, first_member):
        person = UserFactory()
        self.claim(client_for(person), first_member)
        other = Consultant.objects.filter(user__isnull=True).exclude(pk=first_member.pk)
        self.claim(client_for(person), other.first())
        assert ProfileClaim.objects.filter(user=person).count() == 1


@pytest.mark.django_db
class TestNoDuplicateApplicant:
    def test_sign_up_with_a_profiles_email_offers_the_claim(self, client):
        held = ConsultantFactory(email="fond@naryn.kg", user=None)
        response = client.post(
            "/ky/accounts/signup/",
            {
                "signup_as": "consultant",
                "full_name": "Гүлнара Бекова",
                "email": "Fond@Naryn.kg",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            follow=True,
        )
        assert response.redirect_chain[-1][0] == f"/ky/consultants/{held.pk}/claim/"
        assert Consultant.objects.filter(email__iexact="fond@naryn.kg").count() == 1

    def test_an_application_with_a_profiles_phone_offers_the_claim(self, client_for):
        held = ConsultantFactory(phone="+996700111222", user=None)
        person = UserFactory()
        before = Consultant.objects.count()
        response = client_for(person).post(
            "/ky/consultants/apply/",
            {"email": "new@example.kg", "phone": "+996700111222", "name_ky": "Жаңы"},
        )
        assert response.status_code == 302
        assert response["Location"] == f"/ky/consultants/{held.pk}/claim/"
        assert Consultant.objects.count() == before


def everyone() -> dict:
    return {
        "anonymous": None,
        "no_role": UserFactory(),
        "consultant": ConsultantFactory(user=UserFactory(role=Role.CONSULTANT)).user,
        "pending_staff": PendingStaffFactory().user,
        "staff": StaffMembershipFactory().user,
        "coordinator": CoordinatorFactory(),
        "academy": AcademyAdminFactory(),
        "superuser": UserFactory(is_superuser=True),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    ["anonymous", "no_role", "consultant", "pending_staff", "staff", "coordinator",
     "academy", "superuser"],
)  # fmt: skip
def test_the_academy_pages_for_every_role(client_for, first_member, role):
    ProfileClaim.objects.create(consultant=first_member, user=UserFactory())
    claim = ProfileClaim.objects.get()
    client = client_for(everyone()[role])
    academy = role in ("academy", "superuser")
    pages = {
        "list": client.get("/ky/consultants/claims/"),
        "invite": client.post(
            f"/ky/consultants/{first_member.pk}/invite/", {"email": "x@y.kg"}
        ),
        "decide": client.post(
            f"/ky/consultants/claims/{claim.pk}/decline/", {"reason": "Жок."}
        ),
    }
    for name, response in pages.items():
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"], name
        elif academy:
            assert response.status_code in (200, 302), name
        else:
            assert response.status_code == 403, name
    claim.refresh_from_db()
    assert (claim.status == ClaimStatus.DECLINED) is academy
    assert ProfileInvitation.objects.exists() is academy
