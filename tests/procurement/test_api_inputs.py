"""The API's input serializers: the models' rules on their fields, every
problem in one answer, in the request's language, and nothing changed."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from procurement.models import Tender
from tests.procurement.factories import (
    PDF_BYTES,
    TenderFactory,
    certified_consultant,
    submit_bid,
)
from tests.procurement.test_api_write import patch_json, post_json, tender_body


def client_for(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.mark.django_db
class TestTenderInput:
    def test_date_rules_come_from_the_model(self, municipal_staff):
        body = tender_body()
        body["questions_deadline"] = body["submission_deadline"]
        body["criteria"] = [{"name_ky": "Баары", "weight": 101}]
        response = post_json(client_for(municipal_staff), "/api/v1/tenders/", body)
        assert response.status_code == 400
        errors = response.json()
        assert errors["questions_deadline"] == [
            "The questions deadline must be before the submission deadline."
        ]
        # by the index of the criterion in the list
        assert errors["criteria"]["0"]["weight"] == [
            "Ensure this value is less than or equal to 100."
        ]
        assert not Tender.objects.exists()

    def test_errors_in_kyrgyz(self, municipal_staff):
        body = tender_body(estimated_budget="x", regions=["KG-XX"])
        response = post_json(
            client_for(municipal_staff, "ky"), "/api/v1/tenders/", body
        )
        assert response.status_code == 400
        errors = response.json()
        assert errors["estimated_budget"] == ["Сан жазыңыз."]
        assert "KG-XX" in errors["regions"][0]
        assert not errors["regions"][0].startswith("Select")

    def test_a_change_is_checked_against_the_values_it_keeps(self, municipal_staff):
        tender = TenderFactory(
            municipality=municipal_staff.staff_membership.municipality
        )
        early = tender.submission_deadline - timedelta(hours=1)
        response = patch_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/",
            {"opening_at": early.isoformat()},
        )
        assert response.status_code == 400
        assert response.json()["opening_at"] == [
            "The opening time must not be before the submission deadline."
        ]
        tender.refresh_from_db()
        assert tender.opening_at > tender.submission_deadline

    def test_an_amendment_is_checked_by_the_model(self, municipal_staff):
        tender = TenderFactory(
            municipality=municipal_staff.staff_membership.municipality
        )
        tender.publish()
        response = post_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/amend/",
            {"questions_deadline": tender.submission_deadline.isoformat()},
        )
        assert response.status_code == 400
        assert response.json() == {
            "summary": ["This field is required."],
            "questions_deadline": [
                "The questions deadline must be before the submission deadline."
            ],
        }
        assert not tender.amendments.exists()

    @pytest.mark.parametrize("far", ["0001-01-01T00:00", "0001-01-01"])
    def test_a_time_before_year_one_in_bishkek_is_an_error_not_a_crash(
        self, municipal_staff, far
    ):
        # found by tests/attack/test_fuzz_serializers.py: DRF's DateTimeField
        # overflowed (a 500) on the first day of year 1 in UTC+6
        tender = TenderFactory(
            municipality=municipal_staff.staff_membership.municipality
        )
        client = client_for(municipal_staff, "ky")
        response = patch_json(
            client, f"/api/v1/tenders/{tender.pk}/", {"submission_deadline": far}
        )
        assert response.status_code == 400
        assert response.json()["submission_deadline"] == [
            "Туура күн жана убакыт жазыңыз."
        ]
        tender.publish()
        response = post_json(
            client,
            f"/api/v1/tenders/{tender.pk}/amend/",
            {"summary": "Мөөнөт", "opening_at": far},
        )
        assert response.status_code == 400
        assert response.json()["opening_at"] == ["Туура күн жана убакыт жазыңыз."]
        assert not tender.amendments.exists()


@pytest.mark.django_db
class TestBidInput:
    def test_a_change_keeps_what_it_does_not_name(self, municipal_staff, settings):
        tender = TenderFactory(
            municipality=municipal_staff.staff_membership.municipality
        )
        tender.publish()
        bidder = certified_consultant()
        bid = submit_bid(tender, bidder, "400000").bid
        client = client_for(bidder.user)
        url = f"/api/v1/bids/{bid.pk}/"
        refused = patch_json(client, url, {"price": "0"})
        assert refused.status_code == 400
        assert refused.json() == {
            "price": ["The financial offer must be a positive amount."],
            "conflict_of_interest_declared": ["This field is required."],
        }
        changed = patch_json(
            client, url, {"price": "390000", "conflict_of_interest_declared": True}
        )
        assert changed.status_code == 200, changed.json()
        bid.refresh_from_db()
        assert bid.technical_proposal.startswith("Методология")
        assert client.get(url).json()["price"] == "390000.00"

    def test_only_this_bids_files_can_be_removed(self, municipal_staff):
        tender = TenderFactory(
            municipality=municipal_staff.staff_membership.municipality
        )
        tender.publish()
        bidder = certified_consultant()
        client = client_for(bidder.user)
        submitted = client.post(
            f"/api/v1/tenders/{tender.pk}/bids/",
            {
                "technical_proposal": "Ыкма",
                "proposed_team": "Асан",
                "price": "300000",
                "conflict_of_interest_declared": "true",
                "technical_files": [SimpleUploadedFile("plan.pdf", PDF_BYTES)],
            },
        )
        assert submitted.status_code == 201, submitted.json()
        bid_id = submitted.json()["bid"]
        response = client.patch(
            f"/api/v1/bids/{bid_id}/",
            {"remove_files": [987654], "conflict_of_interest_declared": True},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "987654" in response.json()["remove_files"][0]
        assert client.get(f"/api/v1/bids/{bid_id}/").json()["files"] != []
