"""Staff drafting a tender see the members who could help with it (its
expertise areas, its municipality) and, for a restricted tender or a request
for quotations, invite them from there; nobody else sees or does it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultants.models import Availability, Consultant, ExpertiseArea, NetworkStatus
from procurement import services
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.test_recommendations import _member
from tests.municipalities.factories import StaffMembershipFactory, region
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffMembershipFactory().user


def _draft(staff, method="open"):
    selection = "consultPrice" if method == "rfq" else "consultQualityPrice"
    tender = TenderFactory(
        municipality=staff.staff_membership.municipality,
        procurement_method=method,
        selection_method=selection,
    )
    tender.expertise_areas.set([ExpertiseArea.objects.get(code="tariffs")])
    return tender


@pytest.fixture
def members(staff):
    Consultant.objects.update(availability=Availability.NOT_TAKING)
    home = staff.staff_membership.municipality.region
    return {
        "Ala": _member(
            "Ala",
            areas=["tariffs"],
            home_region=home,
            certified=["tariffs"],
            contracts=4,
            ratings=(4, "4.50"),
            status=NetworkStatus.CERTIFIED,
        ),
        "Bek": _member("Bek", areas=["tariffs"], home_region=region("KG-C")),
        "Cholpon": _member("Cholpon", areas=["tariffs"], home_region=region("KG-O")),
        "Dinara": _member("Dinara", areas=["tariffs"], home_region=region("KG-T")),
        "Gulnara": _member("Gulnara", areas=["gender"], home_region=home),
    }


def _order(html, names):
    found = [(html.find(f">{name}</a>"), name) for name in names]
    return [name for at, name in sorted(found) if at >= 0]


NAMES = ["Ala", "Bek", "Cholpon", "Dinara", "Gulnara"]


class TestDraftPage:
    def test_staff_see_members_for_the_tenders_areas(self, client_for, staff, members):
        tender = _draft(staff)
        html = client_for(staff).get(f"/en/tenders/{tender.pk}/").content.decode()
        assert 'id="recommended-members"' in html
        assert _order(html, NAMES)[:4] == ["Ala", "Bek", "Cholpon", "Dinara"]
        assert "Gulnara" not in _order(html, NAMES)
        assert "certified for:" in html and "4 completed contracts" in html
        # an open tender invites nobody: no invitation form
        assert 'id="invite-recommended"' not in html

    def test_nobody_else_opens_the_draft(self, client_for, staff, members):
        tender = _draft(staff)
        others = [
            StaffMembershipFactory().user,  # staff of another municipality
            ConsultantUserFactory(),
            members["Ala"].user,
        ]
        for user in others:
            response = client_for(user).get(f"/en/tenders/{tender.pk}/")
            assert response.status_code == 404
        anonymous = client_for(None).get(f"/en/tenders/{tender.pk}/")
        assert anonymous.status_code == 404

    def test_query_count_does_not_grow_with_the_members(
        self, client_for, staff, members
    ):
        tender = _draft(staff, method="restricted")
        client = client_for(staff)

        def count():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"/en/tenders/{tender.pk}/")
            assert response.status_code == 200
            return len(captured), response.content.decode().count(
                'class="recommendation"'
            )

        count()  # the first request caches the reference rows (areas, regions)
        few = count()
        for n in range(8):
            _member(f"More {n}", areas=["tariffs"], home_region=region("KG-J"))
        many = count()
        assert few[0] == many[0]
        assert (few[1], many[1]) == (4, 10)

    def test_not_shown_once_published(self, client_for, staff, members):
        tender = _draft(staff)
        services.tender_publish(tender=tender, by=staff)
        html = client_for(staff).get(f"/en/tenders/{tender.pk}/").content.decode()
        assert 'id="recommended-members"' not in html


class TestInvite:
    def url(self, tender):
        return reverse("procurement:tender-invite-recommended", args=[tender.pk])

    def test_staff_invite_recommended_members_to_a_restricted_draft(
        self, client_for, staff, members
    ):
        tender = _draft(staff, method="restricted")
        client = client_for(staff)
        html = client.get(f"/en/tenders/{tender.pk}/").content.decode()
        assert 'id="invite-recommended"' in html
        chosen = [members[n].pk for n in ("Ala", "Bek", "Cholpon")]
        response = client.post(self.url(tender), {"member": chosen})
        assert response.status_code == 302
        assert set(tender.invited_consultants.values_list("pk", flat=True)) == set(
            chosen
        )
        html = client.get(f"/en/tenders/{tender.pk}/").content.decode()
        assert html.count('class="tag invited"') == 3
        # adding one more keeps the others
        client.post(self.url(tender), {"member": [members["Dinara"].pk]})
        assert tender.invited_consultants.count() == 4

    def test_too_few_or_bad_choices_change_nothing(self, client_for, staff, members):
        tender = _draft(staff, method="rfq")
        client = client_for(staff)
        for data in (
            {"member": [members["Ala"].pk]},  # fewer than the legal minimum
            {"member": ["x"]},
            {"member": [999999999]},
            {},
        ):
            response = client.post(self.url(tender), data, follow=True)
            assert response.status_code == 200
            assert response.context["messages"]
            assert not tender.invited_consultants.exists()

    def test_an_open_tender_invites_nobody(self, client_for, staff, members):
        tender = _draft(staff)
        chosen = [members[n].pk for n in ("Ala", "Bek", "Cholpon")]
        client_for(staff).post(self.url(tender), {"member": chosen})
        assert not tender.invited_consultants.exists()

    def test_only_the_municipalitys_staff_invite(self, client_for, staff, members):
        tender = _draft(staff, method="restricted")
        chosen = [members[n].pk for n in ("Ala", "Bek", "Cholpon")]
        for user, codes in (
            (StaffMembershipFactory().user, {403, 404}),
            (ConsultantUserFactory(), {403, 404}),
            (None, {302}),  # to the sign-in page
        ):
            response = client_for(user).post(self.url(tender), {"member": chosen})
            assert response.status_code in codes
        assert not tender.invited_consultants.exists()
