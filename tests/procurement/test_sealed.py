"""The sealed rule for every role and every channel: before the opening nobody
but the bidder reads a bid — not via pages, the API, file URLs or the admin."""

import re

import pytest
import time_machine
from django.urls import reverse

from procurement import services
from procurement.files import check_upload
from procurement.models import TenderStatus
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    certified_consultant,
    move_past,
    pdf_upload,
    published_tender,
    sealed_bid_roles,
    submit_bid,
)

SECRET_TEXT = "Жашыруун методология 7731"
PRICE = "123457.00"


@pytest.fixture
def sealed(db, settings, tmp_path, academy_admin):
    settings.MEDIA_ROOT = tmp_path
    staff = StaffMembershipFactory().user
    tender = published_tender(municipality=staff.staff_membership.municipality)
    bidder = certified_consultant()
    other = certified_consultant()
    submit_bid(tender, other, "200000")
    bid = submit_bid(
        tender,
        bidder,
        PRICE,
        technical_proposal=SECRET_TEXT,
        files=[("technical", check_upload(pdf_upload()))],
    ).bid
    roles = sealed_bid_roles(
        tender, bidder=bidder, other=other, staff=staff, academy_admin=academy_admin
    )
    return tender, bid, roles, staff


def channels(bid):
    return {
        "page": reverse("procurement:bid-detail", args=[bid.pk]),
        "file": reverse("procurement:bidfile-download", args=[bid.files.get().pk]),
        "api": f"/api/v1/bids/{bid.pk}/",
    }


def price_shown(body: str) -> bool:
    """The price, however a page formats it (123457.00, 123 457,00, 123,457.00)."""
    return re.search(r"123[\s\u00a0\u202f,.]?457", body) is not None


def assert_bidder_sees_everything(response, channel):
    """The bidder reads their own sealed bid: text and price, and the file."""
    if channel == "file":
        assert response.content.startswith(b"%PDF-")
        return
    if channel == "api":
        assert response.json()["price"] == PRICE
        assert response.json()["technical_proposal"] == SECRET_TEXT
        return
    body = response.content.decode()
    assert SECRET_TEXT in body
    shown = re.search(r'<dd id="bid-price">(.*?)<', body, re.S)
    assert shown is not None and price_shown(shown.group(1)), body


def assert_nothing_of_the_bid(body: str):
    assert SECRET_TEXT not in body
    assert not price_shown(body)
    assert "%PDF-" not in body


ROLES = [
    "anonymous",
    "bidder",
    "other_bidder",
    "municipal_staff",
    "other_staff",
    "coordinator",
    "academy_admin",
]


@pytest.mark.django_db
class TestBeforeOpening:
    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("channel", ["page", "file", "api"])
    def test_only_the_bidder_reads_the_bid(self, client_for, sealed, role, channel):
        tender, bid, roles, _ = sealed
        response = client_for(roles[role]).get(channels(bid)[channel])
        if role == "bidder":
            assert response.status_code == 200
            assert_bidder_sees_everything(response, channel)
            return
        if role == "anonymous" and channel != "api":
            assert response.status_code == 302  # to sign-in
        else:
            assert response.status_code in (403, 404)
        assert_nothing_of_the_bid(response.content.decode(errors="replace"))

    @pytest.mark.parametrize("role", ROLES)
    def test_api_list_shows_only_own_bids(self, client_for, sealed, role):
        tender, bid, roles, _ = sealed
        response = client_for(roles[role]).get("/api/v1/bids/")
        body = response.content.decode()
        if role == "bidder":
            assert response.status_code == 200
            own = [b for b in response.json()["results"] if b["id"] == bid.pk]
            assert len(own) == 1
            assert own[0]["price"] == PRICE
            assert own[0]["technical_proposal"] == SECRET_TEXT
        else:
            assert_nothing_of_the_bid(body)
            if response.status_code == 200:
                listed = [b["id"] for b in response.json()["results"]]
                assert bid.pk not in listed

    @pytest.mark.parametrize("role", ROLES)
    def test_tender_page_shows_no_bid(self, client_for, sealed, role):
        tender, bid, roles, _ = sealed
        body = client_for(roles[role]).get(tender.get_absolute_url()).content
        assert_nothing_of_the_bid(body.decode())
        assert b'id="opening-record"' not in body

    def test_admin_shows_no_sealed_content(self, client_for, sealed):
        tender, bid, roles, _ = sealed
        client = client_for(roles["academy_admin"])
        change = client.get(reverse("admin:procurement_bid_change", args=[bid.pk]))
        listing = client.get(reverse("admin:procurement_bid_changelist"))
        # before the opening the admin does not even list sealed bids
        assert change.status_code == 302
        for response in (change, listing):
            body = response.content.decode()
            assert SECRET_TEXT not in body
            assert "123457" not in body and "123 457" not in body
            assert bid.consultant.name not in body
        assert reverse("admin:procurement_bid_change", args=[bid.pk]) not in (
            listing.content.decode()
        )

    def test_bidder_sees_own_price_and_receipt(self, client_for, sealed):
        tender, bid, roles, _ = sealed
        body = client_for(roles["bidder"]).get(channels(bid)["page"]).content.decode()
        assert SECRET_TEXT in body
        assert price_shown(body)
        assert bid.receipts.get().digest in body
        # and the other bidder's offer is not on the bidder's pages
        assert "200000" not in body and not re.search(r"200[\s\u00a0,.]000", body)


@pytest.mark.django_db
class TestAfterOpening:
    @pytest.fixture
    def opened(self, sealed):
        tender, bid, roles, staff = sealed
        with time_machine.travel(move_past(tender.opening_at), tick=False):
            services.tender_open(tender=tender, by=staff)
        tender.refresh_from_db()
        assert tender.status == TenderStatus.OPENED
        return sealed

    @pytest.mark.parametrize(
        ("role", "allowed"),
        [
            ("bidder", True),
            ("municipal_staff", True),
            ("academy_admin", True),
            ("coordinator", True),
            ("other_bidder", False),
            ("other_staff", False),
        ],
    )
    @pytest.mark.parametrize("channel", ["page", "file", "api"])
    def test_readers_after_opening(self, client_for, opened, role, allowed, channel):
        tender, bid, roles, _ = opened
        response = client_for(roles[role]).get(channels(bid)[channel])
        assert (response.status_code == 200) is allowed

    @pytest.mark.parametrize(
        ("role", "sees"),
        [
            ("bidder", True),
            ("other_bidder", True),
            ("municipal_staff", True),
            ("other_staff", False),
            ("anonymous", False),
        ],
    )
    def test_opening_record_for_municipality_and_bidders(
        self, client_for, opened, role, sees
    ):
        tender, bid, roles, _ = opened
        body = client_for(roles[role]).get(tender.get_absolute_url()).content.decode()
        assert ('id="opening-record"' in body) is sees
        assert (bid.consultant.name in body) is sees

    def test_file_is_the_original(self, client_for, opened):
        tender, bid, roles, _ = opened
        response = client_for(roles["municipal_staff"]).get(channels(bid)["file"])
        assert response.content.startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_admin_pages_of_tenders_render(client_for, sealed):
    tender, bid, roles, _ = sealed
    client = client_for(roles["academy_admin"])
    for name, args in (
        ("admin:procurement_tender_changelist", []),
        ("admin:procurement_tender_change", [tender.pk]),
        ("admin:procurement_award_changelist", []),
        ("admin:procurement_contract_changelist", []),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert SECRET_TEXT not in response.content.decode()


@pytest.mark.django_db
def test_admin_cannot_change_a_published_tender(client_for, sealed):
    tender, bid, roles, _ = sealed
    client = client_for(roles["academy_admin"])
    url = reverse("admin:procurement_tender_change", args=[tender.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()
