"""Canaries planted in sealed bids through the real services, and the helpers
that look for them in whatever a channel gives out (a page, a file, an email,
a log, a database dump).

Every canary carries an ASCII token of capital letters that nothing else in
the portal contains (a dump shows bytea as lower-case hex, so the token
cannot turn up by chance), and is also looked for as UTF-8 hex and as JSON
escapes: a sealed field stored in clear in a bytea or a JSON column is found
too."""

import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from procurement import services
from procurement.files import check_upload
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    certified_consultant,
    name_committee,
    published_tender,
    sealed_bid_roles,
)

# the technical envelope of bidder A
TECH = "Жашыруун методология QZTECHCANARYA"
TEAM = "Бүбүсара Токтогулова QZTEAMCANARYA экономист"
NOTE = "Мурда айыл өкмөтүндө иштегем QZNOTECANARYA"
FILE_NAME = "QZFILENAMECANARYA-сунуш.pdf"
FILE_TEXT = "QZFILEBODYCANARYA"
FINANCIAL_NAME = "QZFINNAMECANARYA-баа.pdf"
DRAFT_NAME = "QZDRAFTNAMECANARYA-cv.pdf"
# the financial envelope of bidder A: cents make it unlike any other number
PRICE = "987651.37"
PRICE_PATTERN = re.compile(r"987[\s\u00a0\u202f,.']?651[.,]37")

# bidder B, the other bid of the tender (for the swap oracle)
TECH_B = "Башка методология QZTECHCANARYB"
TEAM_B = "Асан Үсөнов QZTEAMCANARYB"
NOTE_B = "Эч нерсе жок QZNOTECANARYB"
PRICE_B = "123456.79"
PRICE_B_PATTERN = re.compile(r"123[\s\u00a0\u202f,.']?456[.,]79")

TECHNICAL_CANARIES = (TECH, TEAM, NOTE, FILE_NAME, FILE_TEXT)
TOKENS = (
    "QZTECHCANARYA",
    "QZTEAMCANARYA",
    "QZNOTECANARYA",
    "QZFILENAMECANARYA",
    "QZFILEBODYCANARYA",
    "QZFINNAMECANARYA",
    "QZDRAFTNAMECANARYA",
    "QZTECHCANARYB",
    "QZTEAMCANARYB",
    "QZNOTECANARYB",
)


def canary_pdf(text: str) -> bytes:
    """A real PDF whose bytes contain `text` (in its metadata)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text, "/Subject": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    assert text.encode() in data
    return data


def upload(name: str, text: str = FILE_TEXT):
    return check_upload(
        SimpleUploadedFile(name, canary_pdf(text), content_type="application/pdf")
    )


def forms_of(token: str) -> list[bytes]:
    """The ways a token can sit in a byte stream: as it is, as UTF-8 hex (a
    bytea column in a dump), upper-case hex, JSON-escaped."""
    raw = token.encode()
    return [
        raw,
        raw.hex().encode(),
        raw.hex().upper().encode(),
        json.dumps(token).encode()[1:-1],
    ]


def leaks(data, *, price=True, tokens=TOKENS) -> list[str]:
    """The canaries found in `data` (text or bytes)."""
    if isinstance(data, str):
        data = data.encode()
    found = [t for t in tokens if any(form in data for form in forms_of(t))]
    text = data.decode(errors="replace")
    for canary in (TECH, TEAM, NOTE):
        if canary.split(" Q")[0] in text:
            found.append(canary)
    if price:
        if PRICE_PATTERN.search(text):
            found.append("price A")
        if PRICE_B_PATTERN.search(text):
            found.append("price B")
    return found


def price_visible(text: str) -> bool:
    return PRICE_PATTERN.search(text) is not None


@dataclass
class Planted:
    tender: object
    bid: object  # bidder A's
    other_bid: object  # bidder B's
    staff: object
    members: list
    roles: dict = field(default_factory=dict)


def plant(academy_admin, superuser) -> Planted:
    """A published tender of staff's municipality with a committee, bidder
    A's bid (every technical canary, a distinctive price, a technical and a
    financial file with canary names and contents, and a draft file kept
    from a failed submission) and bidder B's bid."""
    staff = StaffMembershipFactory().user
    tender = published_tender(municipality=staff.staff_membership.municipality)
    members = name_committee(tender, staff)
    bidder, other = certified_consultant(), certified_consultant()
    services.bid_drafts_keep(
        tender=tender, consultant=bidder, files=(("cv", upload(DRAFT_NAME)),)
    )
    receipt = services.bid_submit(
        tender=tender,
        consultant=bidder,
        content=services.BidContent(
            technical_proposal=TECH,
            proposed_team=TEAM,
            price=Decimal(PRICE),
            conflict_of_interest_declared=True,
            conflict_of_interest_note=NOTE,
            files=(
                ("technical", upload(FILE_NAME)),
                ("financial", upload(FINANCIAL_NAME)),
            ),
        ),
    )
    other_receipt = services.bid_submit(
        tender=tender,
        consultant=other,
        content=services.BidContent(
            technical_proposal=TECH_B,
            proposed_team=TEAM_B,
            price=Decimal(PRICE_B),
            conflict_of_interest_declared=True,
            conflict_of_interest_note=NOTE_B,
            files=(),
        ),
    )
    roles = sealed_bid_roles(
        tender,
        bidder=bidder,
        other=other,
        staff=staff,
        academy_admin=academy_admin,
        committee_member=members[0].user,
        superuser=superuser,
    )
    return Planted(tender, receipt.bid, other_receipt.bid, staff, members, roles)
