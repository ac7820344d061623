"""A file follows its envelope even by name: before the financial opening
nobody but the bidder learns the names, sizes or digests of the financial
envelope's files (page and API); a financial envelope returned unopened
says so on the bid page and in the API, and its offer is decrypted for
nobody."""

from decimal import Decimal

import pytest
from django.utils import translation

from procurement import services
from procurement.models import Bid
from tests.procurement.factories import committee_scores
from tests.procurement.test_envelopes import OVERSEERS, envelopes, technically_opened
from tests.procurement.test_sealed import price_shown, sealed

__all__ = ["envelopes", "sealed", "technically_opened"]  # the fixtures

FINANCIAL_NAME = "offer.pdf"


def _api(client, bid, language="en"):
    response = client.get(f"/api/v1/bids/{bid.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json()


def _page(client, bid):
    response = client.get(bid.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _score(tender, members, staff, *, low_bid=None):
    """Every member gives 90 everywhere, or 20 to `low_bid`; the technical
    result is taken."""
    scores = {
        (b.pk, c.pk): Decimal(20 if low_bid and b.pk == low_bid.pk else 90)
        for b in tender.bids.valid()
        for c in tender.criteria.all()
    }
    committee_scores(tender, members, scores)
    services.technical_evaluation_complete(tender=tender, by=staff)


@pytest.mark.django_db
class TestFinancialFileNames:
    @pytest.mark.parametrize("role", OVERSEERS)
    def test_hidden_from_overseers_before_the_financial_opening(
        self, client_for, technically_opened, role
    ):
        tender, bid, roles, staff, members = technically_opened
        client = client_for(roles[role])
        api = _api(client, bid)
        assert [f["kind"] for f in api["files"]] == ["technical"]
        assert FINANCIAL_NAME not in str(api)
        assert api["sealed_files"] == 1
        assert api["financial_envelope"] == "sealed"
        page = _page(client, bid)
        assert FINANCIAL_NAME not in page
        assert 'id="sealed-files"' in page and "sealed until its opening" in page

    def test_hidden_from_a_declared_member(self, client_for, technically_opened):
        tender, bid, roles, staff, members = technically_opened
        member = members[1]
        services.committee_declare(member=member, by=member.user, no_conflict=True)
        client = client_for(member.user)
        assert FINANCIAL_NAME not in str(_api(client, bid))
        assert FINANCIAL_NAME not in _page(client, bid)

    def test_the_bidder_sees_its_own(self, client_for, technically_opened):
        tender, bid, roles, staff, members = technically_opened
        client = client_for(roles["bidder"])
        api = _api(client, bid)
        names = {f["name"] for f in api["files"]}
        assert FINANCIAL_NAME in names and api["sealed_files"] == 0
        page = _page(client, bid)
        assert FINANCIAL_NAME in page and 'id="sealed-files"' not in page

    def test_named_to_overseers_after_the_financial_opening(
        self, client_for, technically_opened
    ):
        tender, bid, roles, staff, members = technically_opened
        _score(tender, members, staff)
        services.financial_open(tender=tender, by=staff)
        client = client_for(staff)
        api = _api(client, bid)
        assert FINANCIAL_NAME in {f["name"] for f in api["files"]}
        assert api["sealed_files"] == 0 and api["financial_envelope"] == "opened"
        assert FINANCIAL_NAME in _page(client, bid)


@pytest.mark.django_db
class TestReturnedUnopened:
    @pytest.fixture
    def returned(self, technically_opened):
        tender, bid, roles, staff, members = technically_opened
        _score(tender, members, staff, low_bid=bid)
        services.financial_open(tender=tender, by=staff)
        bid = Bid.objects.get(pk=bid.pk)
        assert bid.financial_returned_at is not None and bid.sealed_price
        return tender, bid, roles, staff

    @pytest.mark.parametrize("role", ["bidder", "municipal_staff"])
    def test_the_bid_page_says_returned_unopened(self, client_for, returned, role):
        tender, bid, roles, staff = returned
        page = _page(client_for(roles[role]), bid)
        assert 'id="envelope-returned"' in page
        assert "returned unopened" in page
        assert 'id="disqualification-reason"' in page
        assert not price_shown(page)

    def test_the_api_says_returned_unopened(self, client_for, returned):
        tender, bid, roles, staff = returned
        for role in ("bidder", "municipal_staff"):
            api = _api(client_for(roles[role]), bid)
            assert api["financial_envelope"] == "returned"
            assert api["financial_envelope_display"] == "returned unopened"
            assert api["financial_returned_at"] is not None
            assert api["price"] is None
        staff_api = _api(client_for(staff), bid)
        assert FINANCIAL_NAME not in str(staff_api)
        assert staff_api["sealed_files"] == 1

    def test_said_in_kyrgyz(self, client_for, returned):
        tender, bid, roles, staff = returned
        client = client_for(roles["bidder"])
        with translation.override("ky"):
            url = bid.get_absolute_url()
        assert url.startswith("/ky/")
        page = client.get(url).content.decode()
        assert 'id="envelope-returned"' in page
        assert "was returned unopened on" not in page
        api = _api(client, bid, "ky")
        assert api["financial_envelope_display"] == "ачылбастан кайтарылды"
