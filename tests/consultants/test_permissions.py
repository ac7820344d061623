"""Access control from the outside: each role, what it may and may not do."""

import pytest
from django.urls import reverse

from tests.consultants.factories import ApplicantFactory, ConsultantFactory


@pytest.fixture
def roles(db, academy_admin, municipal_staff, coordinator, consultant):
    return {
        "anonymous": None,
        "municipal_staff": municipal_staff,
        "coordinator": coordinator,
        "consultant": consultant.user,
        "academy_admin": academy_admin,
    }


@pytest.mark.django_db
class TestProfileEditing:
    def test_consultant_edits_own_bio(self, client_for, consultant):
        client = client_for(consultant.user)
        url = reverse("consultants:consultant-edit", args=[consultant.pk])
        form = client.get(url).context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(
            {
                "home_region": consultant.home_region_id,
                "expertise_areas": [a.pk for a in form.initial["expertise_areas"]]
                or [1],
                "regions_served": [r.pk for r in form.initial["regions_served"]],
                "districts_served": [],
                "bio_ky": "Жаңы маалымат",
            }
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        consultant.refresh_from_db()
        assert consultant.bio_ky == "Жаңы маалымат"

    @pytest.mark.parametrize(
        "role", ["anonymous", "municipal_staff", "coordinator", "consultant"]
    )
    def test_nobody_else_edits_a_profile(self, client_for, roles, role):
        other = ConsultantFactory(bio_ky="Эски")
        url = reverse("consultants:consultant-edit", args=[other.pk])
        client = client_for(roles[role])
        get = client.get(url)
        post = client.post(url, {"bio_ky": "Бузулган"})
        if role == "anonymous":
            assert get.status_code == 302 and "/accounts/login/" in get["Location"]
        else:
            assert (get.status_code, post.status_code) == (403, 403)
        other.refresh_from_db()
        assert other.bio_ky == "Эски"

    def test_hidden_application_of_someone_else_is_404(self, client_for, consultant):
        hidden = ApplicantFactory()
        url = reverse("consultants:consultant-edit", args=[hidden.pk])
        assert client_for(consultant.user).get(url).status_code == 404


@pytest.mark.django_db
class TestApplicationsQueue:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("municipal_staff", 403),
            ("coordinator", 403),
            ("consultant", 403),
            ("academy_admin", 200),
        ],
    )
    def test_only_academy_admins_review_applications(
        self, client_for, roles, role, status
    ):
        applicant = ApplicantFactory()
        client = client_for(roles[role])
        assert client.get(reverse("consultants:application-list")).status_code == status
        detail = reverse("consultants:application-detail", args=[applicant.pk])
        response = client.post(detail, {"decision": "accept"})
        applicant.refresh_from_db()
        assert applicant.status == ("provisional" if status == 200 else "applicant")
        assert response.status_code == (302 if status == 200 else 403)

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(reverse("consultants:application-list"))
        assert response.status_code == 302


@pytest.mark.django_db
class TestDjangoAdmin:
    @pytest.mark.parametrize(
        ("role", "allowed"),
        [
            ("municipal_staff", False),
            ("coordinator", False),
            ("consultant", False),
            ("academy_admin", True),
        ],
    )
    def test_admin_is_for_academy_administrators(
        self, client_for, roles, role, allowed
    ):
        client = client_for(roles[role])
        response = client.get("/ky/admin/consultants/consultant/")
        if allowed:
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
class TestWithdrawal:
    def url(self, consultant):
        return reverse("consultants:consultant-withdraw", args=[consultant.pk])

    def test_member_leaves_the_network_and_stays_visible_as_withdrawn(
        self, client_for, consultant
    ):
        client = client_for(consultant.user)
        # without the confirmation box nothing changes
        response = client.post(self.url(consultant), {"reason": "Башка ишке өттүм"})
        assert response.status_code == 200
        consultant.refresh_from_db()
        assert consultant.status == "provisional"
        response = client.post(
            self.url(consultant), {"reason": "Башка ишке өттүм", "confirm": "on"}
        )
        assert response.status_code == 302
        consultant.refresh_from_db()
        assert consultant.status == "withdrawn"
        change = consultant.status_changes.get()
        assert (change.reason, change.changed_by) == (
            "Башка ишке өттүм",
            consultant.user,
        )
        listed = client_for(None).get("/ky/consultants/", {"status": "withdrawn"})
        assert consultant in listed.context["consultants"]

    def test_academy_admin_records_a_withdrawal(self, client_for, academy_admin):
        member = ConsultantFactory()
        client_for(academy_admin).post(self.url(member), {"confirm": "on"})
        member.refresh_from_db()
        assert member.status == "withdrawn"

    def test_withdrawn_member_cannot_withdraw_again(self, client_for, consultant):
        consultant.withdraw(by=consultant.user)
        response = client_for(consultant.user).post(
            "/en/consultants/%d/withdraw/" % consultant.pk,
            {"confirm": "on"},
            follow=True,
        )
        assert "Only a member of the network can withdraw." in response.content.decode()

    @pytest.mark.parametrize("role", ["municipal_staff", "coordinator", "consultant"])
    def test_nobody_else_withdraws_a_member(self, client_for, roles, role):
        other = ConsultantFactory()
        response = client_for(roles[role]).post(self.url(other), {"confirm": "on"})
        assert response.status_code == 403
        other.refresh_from_db()
        assert other.status == "provisional"

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.post(self.url(ConsultantFactory()), {"confirm": "on"})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
