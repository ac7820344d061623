"""Draft attachments: the good files of a bid submission that failed, kept
encrypted for the bidder so a slow connection need not carry them twice."""

import functools
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultants.models import Consultant

from .. import crypto
from ..files import CheckedFile
from ..models import Bid, BidDraftFile, BidFile, Tender, TenderStatus


def _encrypted_name() -> str:
    # the stored name says nothing about the bid or its content
    return f"procurement/bids/{uuid.uuid4().hex}.bin"


@transaction.atomic
def bid_drafts_keep(
    *, tender: Tender, consultant: Consultant, files: tuple
) -> list[BidDraftFile]:
    """Keep `files` ((kind, CheckedFile) pairs) as the consultant's draft
    attachments for the tender. Only while the tender accepts bids and the
    consultant may bid: otherwise nothing is kept (an empty list)."""
    if not files or not tender.accepts_bids():
        return []
    if tender.eligibility_problem(consultant):
        return []
    kept = []
    for kind, checked in files:
        kept.append(_store_draft(tender, consultant, kind, checked))
    return kept


def _store_draft(tender, consultant, kind: str, checked: CheckedFile):
    draft = BidDraftFile(
        tender=tender,
        consultant=consultant,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    draft.file.save(
        _encrypted_name(), ContentFile(crypto.encrypt(checked.data)), save=False
    )
    draft.save()
    return draft


def _forget(drafts) -> int:
    """Delete the draft rows, locked first, and their encrypted files once the
    deletion is committed. A draft that a bid took over meanwhile
    (bid_drafts_attach: the bid file now owns the stored name) is gone from
    the locked result, so its file stays; a rolled-back deletion keeps it too."""
    removed = 0
    with transaction.atomic():
        for draft in drafts.select_for_update(of=("self",)):
            storage, name = draft.file.storage, draft.file.name
            draft.delete()
            transaction.on_commit(functools.partial(storage.delete, name))
            removed += 1
    return removed


def bid_drafts_remove(*, tender: Tender, consultant: Consultant, ids) -> int:
    """Remove the consultant's own draft files among `ids`; returns how many."""
    return _forget(BidDraftFile.objects.for_bid(tender, consultant).filter(pk__in=ids))


def bid_drafts_attach(*, bid: Bid, ids) -> list[BidFile]:
    """Inside bid_submit's transaction: the bidder's drafts among `ids` become
    files of the bid. The encrypted file is not copied: the bid file takes
    over the stored name, the draft row goes."""
    attached = []
    drafts = (
        BidDraftFile.objects.for_bid(bid.tender, bid.consultant)
        .select_for_update()
        .filter(pk__in=ids)
    )
    for draft in drafts:
        attached.append(
            BidFile.objects.create(
                bid=bid,
                kind=draft.kind,
                file=draft.file.name,
                original_name=draft.original_name,
                content_type=draft.content_type,
                size=draft.size,
                sha256=draft.sha256,
                uploaded_at=draft.uploaded_at,
            )
        )
        draft.delete()
    return attached


def bid_drafts_purge(*, now=None) -> int:
    """Drafts of tenders that no longer accept bids can never be used: the
    daily sweep removes them with their encrypted files."""
    now = now or timezone.now()
    stale = BidDraftFile.objects.filter(
        Q(tender__submission_deadline__lte=now)
        | ~Q(tender__status=TenderStatus.PUBLISHED)
    )
    return _forget(stale)
