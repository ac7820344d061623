"""Deadline-driven moves: closing, opening the bids, and the beat task's sweep."""

from django.db import transaction
from django.utils import timezone

from portal.errors import DomainError

from ..models import (
    Award,
    AwardStatus,
    Tender,
)
from .awards import award_finalize
from .common import announce, locked
from .drafts import bid_drafts_purge


@transaction.atomic
def tender_close(*, tender: Tender, now=None) -> Tender:
    tender = locked(tender)
    tender.close(now=now)
    if tender.is_unsuccessful:
        announce("tender.unsuccessful", tender)
    return tender


@transaction.atomic
def tender_open(*, tender: Tender, by, now=None) -> Tender:
    """Open the technical envelopes at (or after) the announced opening time:
    the technical proposals of the valid bids become readable to the
    municipality and, once each has declared, the evaluation committee; the
    opening record (who bid) to every bidder. The financial envelopes stay
    sealed until the committee's technical result (financial_open).
    Withdrawn bids and bids not confirmed after an amendment stay sealed."""
    now = now or timezone.now()
    tender = locked(tender)
    tender.mark_opened(now=now)
    if tender.is_unsuccessful:  # closed just now, with too few bids
        announce("tender.unsuccessful", tender)
        return tender
    announce("tender.opened", tender)
    return tender


def advance_deadlines(*, now=None) -> dict:
    """Deadline-driven transitions, run by Celery beat: close tenders whose
    submission deadline has passed (unsuccessful with too few bids) and make
    awards final after the standstill period."""
    now = now or timezone.now()
    closed = finalized = 0
    for tender in Tender.objects.due_for_closing(now).only("pk"):
        try:
            tender_close(tender=tender, now=now)
            closed += 1
        except DomainError:
            continue
    due = Award.objects.filter(
        status=AwardStatus.PENDING, standstill_ends_at__lte=now
    ).values_list("tender_id", flat=True)
    for tender in Tender.objects.filter(pk__in=list(due)).only("pk"):
        if award_finalize(tender=tender, now=now):
            finalized += 1
    drafts = bid_drafts_purge(now=now)
    return {"closed": closed, "finalized": finalized, "drafts_removed": drafts}
