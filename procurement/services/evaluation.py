"""The technical score formula and the combined ranking of the opened bids."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from ..models import (
    Bid,
    SelectionMethod,
    Tender,
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
def tender_evaluate(*, tender: Tender, by) -> list[Bid]:
    """The combined ranking, after the financial opening: the technically
    qualified bids (their technical score is the committee's result, their
    offers now opened) ranked by the tender's selection method; bids the
    committee disqualified keep their reason and no rank."""
    tender = locked(tender)
    tender.ensure_allowed("evaluate")
    if tender.financial_opened_at is None:
        raise DomainError(_("The financial envelopes must be opened first."))
    bids = list(tender.bids.valid())
    entries = [
        Ranked(key=bid, technical=bid.technical_score, price=bid.price)
        for bid in bids
        if bid.qualified
    ]
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
        if not entry.qualified:
            bid.disqualification_reason = str(
                _("The financial offer exceeds the fixed budget of %(budget)s KGS.")
                % {"budget": tender.estimated_budget}
            )
        bid.save(
            update_fields=[
                "financial_score",
                "combined_score",
                "qualified",
                "rank",
                "disqualification_reason",
            ]
        )
    tender.mark_evaluated()
    return bids
