"""Technical scores and the ranking of the opened bids."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from ..models import (
    Bid,
    SelectionMethod,
    TechnicalScore,
    Tender,
    TenderStatus,
)
from .common import locked, q2


def technical_score(criteria_scores) -> Decimal:
    """Σ weight·score / 100, with scores 0–100 and weights adding up to 100."""
    total = sum(
        (Decimal(weight) * Decimal(score) for weight, score in criteria_scores),
        Decimal(0),
    )
    return q2(total / 100)


@dataclass
class Ranked:
    key: object
    technical: Decimal
    price: Decimal
    financial: Decimal | None = None
    combined: Decimal | None = None
    qualified: bool = False
    rank: int | None = None


def rank_bids(
    entries: list[Ranked],
    *,
    method: str,
    technical_weight: int,
    min_technical: Decimal,
    budget: Decimal,
) -> list[Ranked]:
    """Rank bids (in submission order) by the tender's selection method.

    - quality- and cost-based: combined = w_t·T + w_f·F, F = 100·lowest / price
      over the technically qualified bids;
    - least cost: the lowest price among qualified bids wins;
    - fixed budget: the best technical score within the budget;
    - quality-based: the best technical score.
    Ties keep the submission order.
    """
    for entry in entries:
        entry.qualified = entry.technical >= min_technical
        if method == SelectionMethod.FIXED_BUDGET and entry.price > budget:
            entry.qualified = False
    qualified = [e for e in entries if e.qualified]
    if qualified:
        lowest = min(e.price for e in qualified)
        for entry in qualified:
            entry.financial = q2(100 * lowest / entry.price)
    wt = Decimal(technical_weight) / 100
    for entry in qualified:
        if method == SelectionMethod.QUALITY_COST:
            entry.combined = q2(wt * entry.technical + (1 - wt) * entry.financial)
        elif method == SelectionMethod.LEAST_COST:
            entry.combined = entry.financial
        else:
            entry.combined = entry.technical
    if method == SelectionMethod.LEAST_COST:
        order = sorted(qualified, key=lambda e: e.price)
    else:
        order = sorted(qualified, key=lambda e: -e.combined)
    for position, entry in enumerate(order, start=1):
        entry.rank = position
    return entries


@transaction.atomic
def scores_save(*, tender: Tender, by, scores: dict) -> None:
    """Record the committee's technical scores: {(bid_id, criterion_id): score}."""
    tender = locked(tender)
    if tender.status not in (TenderStatus.OPENED, TenderStatus.EVALUATED):
        raise DomainError(_("Only opened bids can be evaluated."))
    bids = {b.pk for b in tender.bids.valid()}
    criteria = {c.pk for c in tender.criteria.all()}
    for (bid_id, criterion_id), score in scores.items():
        if bid_id not in bids or criterion_id not in criteria:
            raise DomainError(_("A score does not belong to this tender."))
        if score is None:
            continue
        if not Decimal(0) <= score <= Decimal(100):
            raise DomainError(_("Scores are between 0 and 100."))
        TechnicalScore.objects.update_or_create(
            bid_id=bid_id, criterion_id=criterion_id, defaults={"score": score}
        )


@transaction.atomic
def tender_evaluate(*, tender: Tender, by) -> list[Bid]:
    """Compute technical scores and the ranking of the opened bids; needs a
    score for every bid on every criterion."""
    tender = locked(tender)
    if tender.status not in (TenderStatus.OPENED, TenderStatus.EVALUATED):
        raise DomainError(_("Only opened bids can be evaluated."))
    criteria = list(tender.criteria.all())
    bids = list(tender.bids.valid().prefetch_related("scores"))
    entries = []
    for bid in bids:
        given = {s.criterion_id: s.score for s in bid.scores.all()}
        if any(c.pk not in given for c in criteria):
            raise DomainError(_("Score every bid on every criterion first."))
        bid.technical_score = technical_score(
            [(c.weight, given[c.pk]) for c in criteria]
        )
        entries.append(Ranked(key=bid, technical=bid.technical_score, price=bid.price))
    rank_bids(
        entries,
        method=tender.selection_method,
        technical_weight=tender.technical_weight,
        min_technical=tender.min_technical_score,
        budget=tender.estimated_budget,
    )
    for entry in entries:
        bid = entry.key
        bid.financial_score = entry.financial
        bid.combined_score = entry.combined
        bid.qualified = entry.qualified
        bid.rank = entry.rank
        bid.save(
            update_fields=[
                "technical_score",
                "financial_score",
                "combined_score",
                "qualified",
                "rank",
            ]
        )
    tender.mark_evaluated()
    return bids
