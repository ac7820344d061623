"""The two-stage selection and complaints in the API, by the pages' rules:
members apply to a call for expressions of interest and read only their own
application; the municipality reads them all and makes the shortlist with
reasons; the shortlist is public once published; only the shortlisted submit
proposals (the bid API); members file complaints and read their own. Every
door is tried for each role: anonymous, another member, another
municipality's staff."""

import pytest
from django.test import Client

from procurement.models import Complaint, ExpressionOfInterest, Invitation
from tests.accounts.factories import ReviewBodyFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import certified_consultant
from tests.procurement.test_api_write import bid_body
from tests.procurement.test_methods import (
    after_interest,
    request_proposals,
    two_stage_tender,
)

REFUSED = (401, 403)
EXPERIENCE = "Стратегии развития для 4 айыл окмоту."


def client(user=None, language="en"):
    c = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        c.force_login(user)
    return c


def _apply(user, tender, experience=EXPERIENCE, contracts=3):
    return client(user).post(
        f"/api/v1/tenders/{tender.pk}/interest/",
        {"experience": experience, "relevant_contracts": contracts},
        content_type="application/json",
    )


@pytest.fixture
def call(db, settings):
    """A call for expressions of interest of a municipality, with its staff,
    four members, another municipality's staff and a commission member."""
    settings.PROCUREMENT_SHORTLIST_MIN = 3
    staff = StaffMembershipFactory().user
    tender = two_stage_tender(municipality=staff.staff_membership.municipality)
    from procurement import services

    services.interest_call(tender=tender, by=staff)
    members = [certified_consultant() for _ in range(4)]
    return tender, staff, members


@pytest.mark.django_db
class TestExpressionsOfInterest:
    def test_a_member_applies_and_reads_only_their_own(self, call):
        tender, staff, members = call
        response = _apply(members[0].user, tender)
        assert response.status_code == 201, response.content
        assert response.json()["experience"] == EXPERIENCE
        assert response.json()["shortlisted"] is None
        assert _apply(members[1].user, tender, contracts=5).status_code == 201
        own = client(members[0].user).get(f"/api/v1/tenders/{tender.pk}/interest/")
        assert [e["consultant"] for e in own.json()] == [members[0].pk]
        everyone = client(staff).get(f"/api/v1/tenders/{tender.pk}/interest/")
        assert {e["consultant"] for e in everyone.json()} == {
            members[0].pk,
            members[1].pk,
        }

    def test_others_are_refused(self, call):
        tender, staff, members = call
        _apply(members[0].user, tender)
        url = f"/api/v1/tenders/{tender.pk}/interest/"
        other_staff = StaffMembershipFactory().user
        for user in (None, other_staff, ReviewBodyFactory()):
            assert client(user).get(url).status_code in REFUSED
        for user in (None, staff, other_staff):
            assert _apply(user, tender).status_code in REFUSED
        # another member sees nobody's application but their own (none)
        assert client(members[2].user).get(url).json() == []
        assert ExpressionOfInterest.objects.count() == 1

    def test_bad_input_changes_nothing_and_is_explained(self, call):
        tender, staff, members = call
        response = _apply(members[0].user, tender, experience="", contracts=-1)
        assert response.status_code == 400
        assert set(response.json()) >= {"experience", "relevant_contracts"}
        response = client(members[0].user, "ky").post(
            f"/api/v1/tenders/{tender.pk}/interest/",
            {"relevant_contracts": 2},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "required" not in str(response.json())  # in Kyrgyz
        assert not ExpressionOfInterest.objects.exists()

    def test_after_the_deadline_the_call_refuses(self, call):
        tender, staff, members = call
        with after_interest(tender):
            response = _apply(members[0].user, tender)
        assert response.status_code == 409
        assert "not open" in response.json()["detail"]


@pytest.fixture
def applied(call):
    tender, staff, members = call
    ids = [_apply(m.user, tender).json()["id"] for m in members]
    return tender, staff, members, ids


def _shortlist(user, tender, ids, reason="Беш окшош стратегия."):
    return client(user).post(
        f"/api/v1/tenders/{tender.pk}/shortlist/",
        {"members": [{"expression": pk, "reason": reason} for pk in ids]},
        content_type="application/json",
    )


@pytest.mark.django_db
class TestShortlist:
    def test_the_municipality_makes_it_after_the_call_and_it_is_public(self, applied):
        tender, staff, members, ids = applied
        url = f"/api/v1/tenders/{tender.pk}/shortlist/"
        assert _shortlist(staff, tender, ids[:3]).status_code == 409  # call open
        for user in (None, staff, members[0].user):
            assert client(user).get(url).status_code == 404  # not yet made
        with after_interest(tender):
            response = _shortlist(staff, tender, ids[:3])
        assert response.status_code == 201, response.content
        assert len(response.json()) == 3
        public = client().get(url)
        assert public.status_code == 200
        assert {e["consultant"] for e in public.json()} == {m.pk for m in members[:3]}
        assert {e["reason"] for e in public.json()} == {"Беш окшош стратегия."}
        mine = client(members[3].user).get(f"/api/v1/tenders/{tender.pk}/interest/")
        assert mine.json()[0]["shortlisted"] is False

    def test_only_the_municipality_makes_it(self, applied):
        tender, staff, members, ids = applied
        with after_interest(tender):
            for user in (None, members[0].user, StaffMembershipFactory().user):
                response = _shortlist(user, tender, ids[:3])
                assert response.status_code in REFUSED, user
            # a reason is needed for every member; nothing is made without
            response = _shortlist(staff, tender, ids[:3], reason="")
            assert response.status_code == 400
            # too few members: refused with the rule
            response = _shortlist(staff, tender, ids[:2])
            assert response.status_code == 409
            assert "from 3 to" in response.json()["detail"]
        assert not Invitation.objects.exists()


@pytest.mark.django_db
class TestProposals:
    def test_only_the_shortlisted_submit(self, applied):
        tender, staff, members, ids = applied
        with after_interest(tender):
            _shortlist(staff, tender, ids[:3])
        tender.refresh_from_db()
        request_proposals(tender)
        url = f"/api/v1/tenders/{tender.pk}/bids/"
        assert client(members[0].user).post(url, bid_body()).status_code == 201
        refused = client(members[3].user).post(url, bid_body())
        assert refused.status_code == 409
        assert "shortlist" in refused.json()["detail"]


@pytest.mark.django_db
class TestComplaints:
    def _file(self, user, tender, **body):
        return client(user).post(
            "/api/v1/complaints/",
            {"tender": tender.pk, "subject": "terms", "text": "Шарт тар.", **body},
            content_type="application/json",
        )

    @pytest.fixture
    def proposals(self, applied):
        tender, staff, members, ids = applied
        with after_interest(tender):
            _shortlist(staff, tender, ids[:3])
        tender.refresh_from_db()
        return request_proposals(tender), staff, members

    def test_a_member_files_and_reads_their_own(self, proposals):
        tender, staff, members = proposals
        response = self._file(members[0].user, tender)
        assert response.status_code == 201, response.content
        complaint = response.json()
        assert complaint["text"] == "Шарт тар." and complaint["subject"] == "terms"
        mine = client(members[0].user).get("/api/v1/complaints/mine/").json()
        assert [c["id"] for c in mine] == [complaint["id"]]
        assert mine[0]["text"] == "Шарт тар."
        assert client(members[1].user).get("/api/v1/complaints/mine/").json() == []
        # before the decision others read that a complaint exists, not its text
        other = client(members[1].user).get(f"/api/v1/complaints/{complaint['id']}/")
        assert other.status_code == 200 and other.json()["text"] is None
        staff_view = client(staff).get(f"/api/v1/complaints/{complaint['id']}/")
        assert staff_view.json()["text"] == "Шарт тар."

    def test_others_are_refused(self, proposals):
        tender, staff, members = proposals
        for user in (None, staff, StaffMembershipFactory().user, ReviewBodyFactory()):
            assert self._file(user, tender).status_code in REFUSED, user
        for user in (None, staff):
            assert client(user).get("/api/v1/complaints/mine/").status_code in (REFUSED)
        # a member not on the shortlist may not bid, so not complain of terms
        assert self._file(members[3].user, tender).status_code == 409
        assert not Complaint.objects.exists()

    def test_an_evaluation_complaint_names_ones_own_bid(self, proposals):
        tender, staff, members = proposals
        url = f"/api/v1/tenders/{tender.pk}/bids/"
        other_bid = client(members[1].user).post(url, bid_body()).json()["bid"]
        missing = self._file(members[0].user, tender, subject="evaluation")
        assert missing.status_code == 400
        foreign = self._file(
            members[0].user, tender, subject="evaluation", bid=other_bid
        )
        assert foreign.status_code == 404
        early = self._file(members[1].user, tender, subject="evaluation", bid=other_bid)
        assert early.status_code == 409  # no standstill yet
        assert self._file(members[0].user, tender, subject="x").status_code == 400
        assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_schema_documents_the_endpoints():
    schema = client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in (
        "/api/v1/tenders/{id}/interest/",
        "/api/v1/tenders/{id}/shortlist/",
        "/api/v1/complaints/mine/",
    ):
        assert path in text, path
    assert "ComplaintInput" in text and "ShortlistInput" in text
