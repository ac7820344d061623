"""A new round of the committee's evaluation, ordered by the review
commission on an upheld complaint (ComplaintEffect.REEVALUATE)."""

from django.db import transaction
from django.utils import timezone

from portal import pagecache

from ..models import (
    Award,
    AwardStatus,
    Complaint,
    EvaluationRound,
    Tender,
)
from .common import announce


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _amount(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _results(tender: Tender) -> list[dict]:
    """Each valid bid's result in the round that ends."""
    return [
        {
            "bid": bid.pk,
            "consultant": bid.consultant_id,
            "consultant_name": bid.consultant.name,
            "technical_score": _amount(bid.technical_score),
            "financial_score": _amount(bid.financial_score),
            "combined_score": _amount(bid.combined_score),
            "qualified": bid.qualified,
            "disqualification_reason": bid.disqualification_reason,
            "rank": bid.rank,
            "price": _amount(bid.price),
            "financial_returned_at": _iso(bid.financial_returned_at),
        }
        for bid in tender.bids.valid().select_related("consultant").order_by("pk")
    ]


def _annulled_award(award: Award | None) -> dict | None:
    if award is None:
        return None
    return {
        "bid": award.bid_id,
        "consultant": award.bid.consultant_id,
        "consultant_name": award.bid.consultant.name,
        "amount": _amount(award.amount),
        "notified_at": _iso(award.notified_at),
        "standstill_ends_at": _iso(award.standstill_ends_at),
    }


@transaction.atomic
def evaluation_round_supersede(
    *, tender: Tender, complaint: Complaint | None = None, now=None
) -> EvaluationRound:
    """The review commission annulled the pending award and ordered a new
    evaluation: the round that ends is kept as it stood (EvaluationRound: the
    members' submissions, each bid's result, the ranking and the annulled
    award; the members' scores stay in TechnicalScore under its number), and
    the next round starts at the technical scoring (Tender.reopen_evaluation:
    award pending → opened). The same committee scores again, each member
    alone, without declaring again; a consensus may be recorded again.
    Financial envelopes already opened stay open, and an envelope returned
    unopened is opened later only if its bid qualifies in the new round.
    The caller holds the tender's row lock. The committee and the bidders
    are told; OCDS publishes the tender's update."""
    now = now or timezone.now()
    award = (
        Award.objects.filter(tender=tender, status=AwardStatus.PENDING)
        .select_related("bid__consultant")
        .first()
    )
    members = list(tender.committee.select_for_update())
    superseded = EvaluationRound.objects.create(
        tender=tender,
        number=tender.evaluation_round,
        complaint=complaint,
        technical_evaluated_at=tender.technical_evaluated_at,
        financial_opened_at=tender.financial_opened_at,
        consensus_minutes=tender.consensus_minutes,
        superseded_at=now,
        submissions={str(m.pk): _iso(m.submitted_at) for m in members},
        results=_results(tender),
        award=_annulled_award(award),
    )
    if award is not None:
        award.delete()  # its record is the round's, and the public decision's
    tender.bids.update(
        technical_score=None,
        financial_score=None,
        combined_score=None,
        qualified=None,
        rank=None,
        disqualification_reason="",
        financial_returned_at=None,
    )
    tender.committee.update(submitted_at=None)
    pagecache.changed()  # the UPDATEs above send no signal
    tender.reopen_evaluation()
    return superseded


def announce_new_round(tender: Tender, superseded: EvaluationRound) -> None:
    """After the decision is announced: the committee and the bidders hear
    of the new round, and OCDS stores the tender's update."""
    announce(
        "tender.reevaluation_ordered",
        tender,
        complaint_id=superseded.complaint_id,
        round=tender.evaluation_round,
    )
