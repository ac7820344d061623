"""Tenders and bids in the REST API: the pages' rules, through another door."""

import pytest

from procurement.models import TenderStatus
from tests.procurement.factories import (
    TenderFactory,
    certified_consultant,
    published_tender,
    submit_bid,
    tender_at_status,
)


@pytest.mark.django_db
class TestTenderApi:
    def test_public_list_without_drafts(self, client):
        draft = TenderFactory()
        tender = published_tender()
        body = client.get("/api/v1/tenders/").json()
        ids = [t["id"] for t in body["results"]]
        assert ids == [tender.pk]
        assert client.get(f"/api/v1/tenders/{draft.pk}/").status_code == 404
        detail = client.get(f"/api/v1/tenders/{tender.pk}/").json()
        assert detail["ocid"] == f"ocds-bazhba-{tender.pk}"
        assert detail["award"] is None

    def test_award_is_public(self, client):
        tender, bids = tender_at_status(TenderStatus.AWARD_PENDING)
        detail = client.get(f"/api/v1/tenders/{tender.pk}/").json()
        assert detail["award"]["consultant"] == bids[0].consultant_id
        assert detail["award"]["status"] == "pending"


@pytest.mark.django_db
class TestBidApi:
    def test_bidder_reads_own_sealed_price_and_receipts(self, client_for):
        tender = published_tender()
        consultant = certified_consultant()
        receipt = submit_bid(tender, consultant, "250000")
        body = client_for(consultant.user).get("/api/v1/bids/").json()
        (bid,) = body["results"]
        assert bid["price"] == "250000.00"
        assert bid["receipts"][0]["digest"] == receipt.digest

    def test_after_opening_staff_read_prices_but_not_receipts(self, client_for):
        tender, bids = tender_at_status(TenderStatus.EVALUATED)
        from tests.municipalities.factories import StaffMembershipFactory

        staff = StaffMembershipFactory(municipality=tender.municipality).user
        body = client_for(staff).get(f"/api/v1/bids/?tender={tender.pk}").json()
        assert sorted(b["price"] for b in body["results"]) == [
            "400000.00",
            "450000.00",
        ]
        assert all(b["receipts"] == [] for b in body["results"])
        other = client_for(bids[0].consultant.user).get("/api/v1/bids/").json()
        assert [b["id"] for b in other["results"]] == [bids[0].pk]

    def test_bad_tender_filter(self, client_for):
        consultant = certified_consultant()
        response = client_for(consultant.user).get("/api/v1/bids/?tender=x")
        assert response.status_code == 400

    def test_constant_queries(self, client_for, django_assert_max_num_queries):
        consultant = certified_consultant()
        for _ in range(4):
            submit_bid(published_tender(), consultant)
        client = client_for(consultant.user)
        with django_assert_max_num_queries(8):
            assert len(client.get("/api/v1/bids/").json()["results"]) == 4
