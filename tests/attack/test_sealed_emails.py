"""Sealed bids in the emails of a tender's whole life, and the openings
that make the checks of this package not vacuous: after the technical
opening the committee reads the texts and files (not the price), after the
financial opening the price is on the pages and in OCDS."""

import pytest
import time_machine

from tests.attack.sealed import (
    FILE_TEXT,
    NOTE,
    PRICE,
    TEAM,
    TECH,
    TOKENS,
    leaks,
    price_visible,
)
from tests.attack.test_sealed_channels import planted, readable, superuser
from tests.notifications.helpers import deliver
from tests.procurement.factories import committee_scores, move_past

__all__ = ["planted", "superuser"]  # the fixtures, shared with the channels


# --------------------------------------------------------------- emails
def texts(message) -> str:
    return "\n".join(
        [message.subject, message.body] + [a[0] for a in message.alternatives]
    )


def tender_life(planted):
    """The tender from submission through both openings and the award."""
    from procurement import services

    tender, staff = planted.tender, planted.staff
    deliver()
    with time_machine.travel(move_past(tender.opening_at), tick=False):
        services.tender_open(tender=tender, by=staff)
        scores = {
            (b.pk, c.pk): 90 for b in tender.bids.valid() for c in tender.criteria.all()
        }
        committee_scores(tender, planted.members, scores)
        deliver()
        services.technical_evaluation_complete(tender=tender, by=staff)
        technical = list(deliver())
        services.financial_open(tender=tender, by=staff)
        services.tender_award(tender=tender, by=staff)
        return technical, list(deliver())


@pytest.mark.django_db
def test_every_email_of_the_tender_keeps_the_bids_sealed(client_for, planted):
    bidder = planted.roles["bidder"].email
    sealed_stage, everything = tender_life(planted)
    assert len(everything) > len(sealed_stage) > 2  # receipts, openings, award
    receipts = [m for m in everything if bidder in m.to and "QZ" not in texts(m)]
    assert receipts  # the bidder's own receipt came
    for message in everything:
        body = texts(message)
        # no email carries a technical text, a file name, or anyone's offer
        # before the financial opening
        assert [t for t in TOKENS if t in body] == [], (message.to, message.subject)
        if message in sealed_stage:
            assert leaks(body) == [], (message.to, message.subject)
    # and after the financial opening the price is public: the pages say so
    page = client_for(None).get(planted.tender.get_absolute_url()).content.decode()
    assert price_visible(page) and PRICE


@pytest.mark.django_db
def test_the_channels_show_what_each_opening_allows(client_for, planted):
    """The checks above are not vacuous: once the technical envelope is
    opened the committee reads the texts and the file (not the price); once
    the financial envelope is opened the price is on the pages and in OCDS."""
    from procurement import services

    tender, staff, bid = planted.tender, planted.staff, planted.bid
    with time_machine.travel(move_past(tender.opening_at), tick=False):
        services.tender_open(tender=tender, by=staff)
        scores = {
            (b.pk, c.pk): 90 for b in tender.bids.valid() for c in tender.criteria.all()
        }
        committee_scores(tender, planted.members, scores)
        member = client_for(planted.roles["committee_member"])
        page = readable(member.get(bid.get_absolute_url()))
        assert set(leaks(page, price=False)) >= {TECH, TEAM, NOTE}
        assert "QZFILENAMECANARYA" in page and not price_visible(page)
        technical = bid.files.get(kind="technical")
        assert FILE_TEXT.encode() in crypto_free(
            member.get(technical.get_absolute_url())
        )
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
    staff_page = readable(client_for(staff).get(bid.get_absolute_url()))
    assert price_visible(staff_page)
    ocds = readable(client_for(None).get("/api/v1/ocds/release-package/"))
    assert "price A" in leaks(ocds)
    assert leaks(ocds, price=False) == []  # texts stay with the committee


def crypto_free(response) -> bytes:
    assert response.status_code == 200
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
