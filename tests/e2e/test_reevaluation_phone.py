"""The pages a re-evaluation and a returned envelope change, on a phone
(360×740), in Kyrgyz: the evaluation page of a round ordered by the review
commission (its notice, a member's scoring form again), the tender page's
opening record in that round, and the bid page of a bid whose financial
envelope was returned unopened. Assertions use ids, not UI wording."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from procurement import services
from procurement.models import TenderStatus
from tests.accounts.factories import ReviewBodyFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import committee_scores, move_past, tender_at_status

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def _assert_fits(page, path, live_url, marker):
    page.goto(live_url(path))
    page.locator(marker).first.wait_for()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(FITS), f"{path} is {widths[0]} px wide at {widths[1]} px"


@pytest.fixture
def rounds(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = StaffMembershipFactory().user
    # a tender whose second bid's envelope was returned unopened
    returned, returned_bids = tender_at_status(TenderStatus.OPENED, staff=staff)
    members = list(returned.committee.select_related("user"))
    scores = {
        (bid.pk, c.pk): Decimal(90 if bid == returned_bids[0] else 20)
        for bid in returned_bids
        for c in returned.criteria.all()
    }
    with time_machine.travel(move_past(returned.opening_at), tick=False):
        committee_scores(returned, members, scores)
        services.technical_evaluation_complete(tender=returned, by=staff)
        services.financial_open(tender=returned, by=staff)
    # a tender whose award the review commission annulled for a new round
    tender, bids = tender_at_status(TenderStatus.AWARD_PENDING, staff=staff)
    with time_machine.travel(move_past(tender.award.notified_at), tick=False):
        complaint = services.complaint_file(
            bid=bids[1], consultant=bids[1].consultant, text="Баалоодо ката бар."
        )
        services.complaint_explain(complaint=complaint, by=staff, explanation="Жок.")
        services.complaint_decide(
            complaint=complaint,
            by=ReviewBodyFactory(),
            decision="upheld",
            reasons="Кайра баалансын.",
            effect="reevaluate",
        )
    return {
        "staff": staff,
        "tender": tender,
        "member": tender.committee.select_related("user").first().user,
        "returned_bid": returned_bids[1],
    }


def test_round_and_returned_envelope_pages_fit_a_phone(
    new_page, sign_in, live_url, rounds
):
    tender = rounds["tender"]
    with translation.override("ky"):
        evaluate = reverse("procurement:tender-evaluate", args=[tender.pk])
        bid_page = rounds["returned_bid"].get_absolute_url()
        tender_page = tender.get_absolute_url()
    staff = sign_in(new_page(viewport=PHONE), rounds["staff"])
    _assert_fits(staff, evaluate, live_url, "#evaluation-round")
    _assert_fits(staff, tender_page, live_url, "#evaluation-round")
    member = sign_in(new_page(viewport=PHONE), rounds["member"])
    _assert_fits(member, evaluate, live_url, "#scores-form")
    bid = rounds["returned_bid"]
    bidder = sign_in(new_page(viewport=PHONE), bid.consultant.user)
    _assert_fits(bidder, bid_page, live_url, "#envelope-returned")
