"""A tender's page within a constant number of queries (issue 16): the same
with more bids, and at most ten for a visitor whatever the tender's state;
what it shows of the award, the contract, the expertise areas and regions
comes with the tender (the relations from the cached reference tables)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import tender_at_status

pytestmark = pytest.mark.django_db
STATUSES = ["published", "evaluated", "completed"]


def count(client, path):
    client.get(path)  # the reference rows cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def counts(client_for, academy_admin, status, bidders):
    staff = StaffMembershipFactory().user
    tender, bids = tender_at_status(
        status, staff=staff, prices=["400000", "450000", "380000", "420000"][:bidders]
    )
    path = f"/ky/tenders/{tender.pk}/"
    users = {
        "visitor": None,
        "bidder": bids[0].consultant.user,
        "staff": staff,
        "academy_admin": academy_admin,
    }
    return {role: count(client_for(user), path)[0] for role, user in users.items()}


@pytest.mark.parametrize("status", STATUSES)
def test_the_same_queries_with_more_bids(client_for, academy_admin, status):
    few = counts(client_for, academy_admin, status, 2)
    more = counts(client_for, academy_admin, status, 4)
    assert few == more
    assert few["visitor"] <= 8
    # not yet within ten (issue 16 open): the access predicates read again
    assert few["academy_admin"] <= 13 and few["staff"] <= 14


def test_the_page_shows_its_areas_regions_and_winner(client, academy_admin):
    tender, bids = tender_at_status("completed")
    assert tender.expertise_areas.exists() and tender.regions.exists()
    _queries, page = count(client, f"/ky/tenders/{tender.pk}/")
    for area in tender.expertise_areas.all():
        assert f'<span class="tag">{area}</span>' in page
    assert ", ".join(str(r) for r in tender.regions.all()) in page
    assert tender.award.bid.consultant.name in page
