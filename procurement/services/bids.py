"""Sealed bids: submission, confirmation after an amendment, withdrawal,
and the encrypted files."""

import functools
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.errors import DomainError

from .. import crypto
from ..files import CheckedFile
from ..models import (
    Bid,
    BidDraftFile,
    BidFile,
    BidReceipt,
    ReceiptKind,
    Tender,
)
from .common import locked, q2
from .drafts import bid_drafts_attach
from .receipts import receipt_issue


@dataclass
class BidContent:
    technical_proposal: str
    proposed_team: str
    price: Decimal
    conflict_of_interest_declared: bool
    conflict_of_interest_note: str = ""
    files: tuple = ()  # (kind, CheckedFile)
    remove_file_ids: tuple = ()
    draft_ids: tuple = ()  # the bidder's draft files that become bid files


def _store_bid_file(bid: Bid, kind: str, checked: CheckedFile) -> BidFile:
    bid_file = BidFile(
        bid=bid,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # the stored name says nothing about the bid or its content
    bid_file.file.save(
        f"procurement/bids/{uuid.uuid4().hex}.bin",
        ContentFile(crypto.encrypt(checked.data)),
        save=False,
    )
    bid_file.save()
    return bid_file


SEALED_TEXT_FIELDS = (
    "technical_proposal",
    "proposed_team",
    "conflict_of_interest_note",
)


def bid_file_content(bid_file: BidFile) -> bytes:
    with bid_file.file.open("rb") as handle:
        return crypto.decrypt(handle.read())


def sealed_content_reseal() -> dict:
    """Seal again under the first key of BID_ENCRYPTION_KEY everything sealed
    under an older one (the texts of technical envelopes, prices, bid files,
    receipt salts and documents), so the old key can be removed after a
    rotation. One row at a time, each in its own transaction; safe to run
    again. Returns the counts resealed."""
    counts = {"texts": 0, "prices": 0, "files": 0, "receipts": 0}
    for pk in Bid.objects.values_list("pk", flat=True):
        with transaction.atomic():
            bid = Bid.objects.select_for_update().get(pk=pk)
            # a SealedTextField seals under the first key whenever it is saved
            fields = list(SEALED_TEXT_FIELDS)
            counts["texts"] += 1
            if bid.sealed_price:
                bid.sealed_price = crypto.reseal(bid.sealed_price)
                fields.append("sealed_price")
                counts["prices"] += 1
            bid.save(update_fields=fields)
    for bid_file in [*BidFile.objects.all(), *BidDraftFile.objects.all()]:
        with bid_file.file.open("rb") as handle:
            token = crypto.reseal(handle.read())
        # a new name, then the old file goes: a crash leaves one good copy
        old_name = bid_file.file.name
        bid_file.file.save(
            f"procurement/bids/{uuid.uuid4().hex}.bin", ContentFile(token), save=False
        )
        bid_file.save(update_fields=["file", "original_name"])
        bid_file.file.storage.delete(old_name)
        counts["files"] += 1
    for receipt in BidReceipt.objects.all():
        receipt.sealed_salt = crypto.reseal(receipt.sealed_salt)
        if not receipt.is_legacy:
            receipt.sealed_document = crypto.reseal(receipt.sealed_document)
        receipt.save(update_fields=["sealed_salt", "sealed_document"])
        counts["receipts"] += 1
    return counts


@transaction.atomic
def bid_submit(
    *,
    tender: Tender,
    consultant: Consultant,
    content: BidContent,
    only_new: bool = False,
) -> BidReceipt:
    """Submit, change, confirm or resubmit the consultant's one bid.

    Preconditions: the tender accepts bids at this second on the server's clock
    (checked after the tender row is locked, so the deadline cannot slip in
    between), the consultant is eligible, the conflict-of-interest declaration
    is made. The price is sealed with Fernet; files are stored encrypted.
    With `only_new` (the API's "submit", where changes go to the bid's own
    address) a consultant who already has a submitted bid is refused.
    """
    tender = locked(tender)
    now = timezone.now()
    if not tender.accepts_bids(now):
        raise DomainError(_("The submission deadline has passed; no bids accepted."))
    problem = tender.eligibility_problem(consultant)
    if problem:
        raise DomainError(problem)
    if not content.conflict_of_interest_declared:
        raise DomainError(_("Make the conflict-of-interest declaration."))
    problem = Bid.offer_problem(content.price)
    if problem:
        raise DomainError(problem)
    if not content.technical_proposal.strip() or not content.proposed_team.strip():
        raise DomainError(_("Describe the technical proposal and the proposed team."))
    price = q2(content.price)
    bid = Bid.objects.select_for_update().filter(tender=tender, consultant=consultant)
    bid = bid.first()
    if only_new and bid is not None and bid.is_active:
        raise DomainError(_("You have already submitted a bid for this tender."))
    if bid is None:
        bid = Bid(tender=tender, consultant=consultant)
    bid.tender = tender  # the locked row: the bid's moves check its deadline
    kind = bid.record_submission(
        technical_proposal=content.technical_proposal,
        proposed_team=content.proposed_team,
        conflict_of_interest_note=content.conflict_of_interest_note,
        sealed_price=crypto.seal_price(price),
        now=now,
    )
    try:
        with transaction.atomic():
            bid.save()
    except IntegrityError as exc:
        raise DomainError(
            _("You have already submitted a bid for this tender.")
        ) from exc
    if content.remove_file_ids:
        for old in bid.files.filter(pk__in=content.remove_file_ids):
            storage, name = old.file.storage, old.file.name
            old.delete()
            # the file goes only with the committed change: a submission
            # that fails after this point keeps the bid's file
            transaction.on_commit(functools.partial(storage.delete, name))
    for file_kind, checked in content.files:
        _store_bid_file(bid, file_kind, checked)
    if content.draft_ids:
        bid_drafts_attach(bid=bid, ids=content.draft_ids)
    return receipt_issue(bid=bid, kind=kind, price=price, at=now)


@transaction.atomic
def bid_confirm(
    *, bid: Bid, consultant: Consultant, conflict_of_interest_declared: bool
) -> BidReceipt:
    """Confirm an unchanged bid again after an amendment: the same content,
    declared again, under a new receipt. Only before the submission deadline
    and only for a bid that an amendment asked to confirm."""
    tender = locked(bid.tender)
    bid = Bid.objects.select_for_update().get(pk=bid.pk, consultant=consultant)
    bid.tender = tender
    bid.ensure_allowed("confirm")
    content = BidContent(
        technical_proposal=bid.technical_proposal,
        proposed_team=bid.proposed_team,
        price=crypto.unseal_price(bid.sealed_price),
        conflict_of_interest_declared=conflict_of_interest_declared,
        conflict_of_interest_note=bid.conflict_of_interest_note,
    )
    return bid_submit(tender=tender, consultant=consultant, content=content)


@transaction.atomic
def bid_withdraw(*, bid: Bid, consultant: Consultant) -> BidReceipt:
    """Withdraw a bid before the submission deadline; it can be submitted again
    until then."""
    tender = locked(bid.tender)
    bid = Bid.objects.select_for_update().get(pk=bid.pk, consultant=consultant)
    bid.tender = tender
    now = timezone.now()
    bid.withdraw(now=now)
    price = crypto.unseal_price(bid.sealed_price)
    return receipt_issue(bid=bid, kind=ReceiptKind.WITHDRAWN, price=price, at=now)
