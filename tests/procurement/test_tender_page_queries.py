"""A tender's page within a constant number of queries (issue 16): at most
ten for every role and every state and method, the same with more bids,
invitees, applicants and committee members; what it shows of the award, the
contract, the short lists and the signed-in user's own bid comes with the
tender (procurement.tender_page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement import access, services
from tests.accounts.factories import CoordinatorFactory, ReviewBodyFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import certified_consultant, tender_at_status
from tests.procurement.test_methods import (
    invited_tender,
    request_proposals,
    shortlisted_tender,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering's queries, not a stored page


STATUSES = ["published", "opened", "evaluated", "award_pending", "completed"]
MOST = 10


def queries_of(captured) -> int:
    # a date rule's check runs in a savepoint only inside the test's
    # transaction (ATOMIC_REQUESTS is off): the statements, not the markers
    return sum(1 for q in captured if "SAVEPOINT" not in q["sql"])


def count(client, path):
    client.get(path)  # the reference rows cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return queries_of(queries.captured_queries), response.content.decode()


def page_counts(client_for, tender, users: dict) -> dict:
    path = f"/ky/tenders/{tender.pk}/"
    return {role: count(client_for(user), path)[0] for role, user in users.items()}


def counts(client_for, academy_admin, status, bidders):
    staff = StaffMembershipFactory().user
    tender, bids = tender_at_status(
        status, staff=staff, prices=["400000", "450000", "380000", "420000"][:bidders]
    )
    coordinator = CoordinatorFactory()
    tender.municipality.region.coordinators.add(coordinator)
    users = {
        "visitor": None,
        "bidder": bids[0].consultant.user,
        "other_bidder": bids[1].consultant.user,
        "member_of_network": certified_consultant().user,
        "staff": staff,
        "academy_admin": academy_admin,
        "coordinator": coordinator,
        "review_commission": ReviewBodyFactory(),
    }
    member = tender.committee.first()
    if member is not None:
        users["committee_member"] = member.user
    return page_counts(client_for, tender, users)


@pytest.mark.parametrize("status", STATUSES)
def test_the_same_queries_with_more_bids(client_for, academy_admin, status):
    few = counts(client_for, academy_admin, status, 2)
    more = counts(client_for, academy_admin, status, 4)
    assert few == more
    assert few["visitor"] <= 8
    assert max(few.values()) <= MOST, few


def test_restricted_tender_with_more_invitees(client_for):
    found = []
    for invitees in (3, 5):
        staff = StaffMembershipFactory().user
        tender, people = invited_tender(
            invitees=invitees, municipality=staff.staff_membership.municipality
        )
        draft = page_counts(client_for, tender, {"staff": staff})
        services.tender_publish(tender=tender, by=None)
        published = page_counts(
            client_for,
            tender,
            {
                "staff": staff,
                "invited": people[0].user,
                "not_invited": certified_consultant().user,
            },
        )
        found.append((draft, published))
    assert found[0] == found[1]
    draft, published = found[0]
    assert max([*draft.values(), *published.values()]) <= MOST, found


def test_two_stage_tender_with_more_applicants(client_for):
    found = []
    for listed in (3, 5):
        tender, people = shortlisted_tender(applicants=listed + 1, on_list=listed)
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        users = {
            "staff": staff,
            "listed": people[0].user,
            "not_listed": people[-1].user,
        }
        shortlist = page_counts(client_for, tender, users)
        request_proposals(tender)
        proposals = page_counts(client_for, tender, users)
        found.append((shortlist, proposals))
    assert found[0] == found[1]
    shortlist, proposals = found[0]
    assert max([*shortlist.values(), *proposals.values()]) <= MOST, found


def test_the_page_shows_its_areas_regions_and_winner(client, academy_admin):
    tender, bids = tender_at_status("completed")
    assert tender.expertise_areas.exists() and tender.regions.exists()
    _queries, page = count(client, f"/ky/tenders/{tender.pk}/")
    for area in tender.expertise_areas.all():
        assert f'<span class="tag">{area}</span>' in page
    assert ", ".join(str(r) for r in tender.regions.all()) in page
    assert tender.award.bid.consultant.name in page
    for criterion in tender.criteria.all():
        assert f"{criterion.name} — {criterion.weight}%" in page
    for document in tender.documents.all():
        assert document.get_absolute_url() in page
    for milestone in tender.contract.milestones.all():
        assert str(milestone.title) in page


def test_what_the_page_read_for_one_user_is_not_used_for_another(academy_admin):
    tender, bids = tender_at_status("opened")
    bidder, author = bids[0].consultant, certified_consultant()
    tender.terms_of_reference_authors.add(author)
    read = access.get_visible_tender(bidder.user, tender.pk, for_page=True)
    assert read.page_rows["bid"].pk == bids[0].pk
    assert read.page_rows["wrote_terms"] is False
    # the bidder's rows answer for the bidder only
    assert access.can_read_bids_of(bidder.user, read)
    assert not access.can_read_bids_of(author.user, read)
    assert access.can_read_bids_of(academy_admin, read)
    assert read.eligibility_problem(bidder) is None
    assert "terms of reference" in str(read.eligibility_problem(author))
    assert access.committee_seat(author.user, read) is None
    member = tender.committee.first()
    assert access.committee_seat(member.user, read).pk == member.pk
