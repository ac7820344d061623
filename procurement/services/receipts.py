"""The bidder's receipts: what was submitted and when, salted and sealed."""

import hashlib
import hmac
import json
import secrets
from decimal import Decimal

from .. import crypto
from ..models import (
    Bid,
    BidReceipt,
)
from .common import announce


def _receipt_document(bid: Bid, *, price: Decimal, at) -> bytes:
    """The canonical JSON of what was submitted: texts, price, file digests
    and time (the receipt document the bidder keeps)."""
    document = {
        "tender": bid.tender_id,
        "consultant": bid.consultant_id,
        "status": bid.status,
        "technical_proposal": bid.technical_proposal,
        "proposed_team": bid.proposed_team,
        "conflict_of_interest_declared": bid.conflict_of_interest_declared,
        "conflict_of_interest_note": bid.conflict_of_interest_note,
        "price": f"{price:.2f}",
        "files": sorted(f"{f.kind}:{f.sha256}" for f in bid.files.all()),
        "time": at.isoformat(),
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False).encode()


def receipt_digest(*, salt: bytes, document: bytes) -> str:
    """HMAC-SHA256 of the receipt document keyed with the receipt's salt: the
    recipe the bidder repeats offline (`openssl dgst -sha256 -mac HMAC -macopt
    hexkey:<salt> receipt.json`). Without the salt, which is stored sealed, a
    digest cannot be tested against guessed prices."""
    return hmac.new(salt, document, hashlib.sha256).hexdigest()


def receipt_issue(*, bid: Bid, kind: str, price: Decimal, at) -> BidReceipt:
    """A receipt for the bid as it now stands, with a fresh random salt; salt
    and document are stored sealed with the bid encryption key."""
    salt = secrets.token_bytes(32)
    document = _receipt_document(bid, price=price, at=at)
    receipt = BidReceipt.objects.create(
        bid=bid,
        kind=kind,
        digest=receipt_digest(salt=salt, document=document),
        sealed_salt=crypto.encrypt(salt),
        sealed_document=crypto.encrypt(document),
        created_at=at,
    )
    # the bidder's copy by email and in the portal, with the digest
    announce("bid.receipt", bid.tender, receipt_id=receipt.pk)
    return receipt
