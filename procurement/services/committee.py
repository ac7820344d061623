"""The evaluation committee and the two envelopes: members named by the
municipality, their declarations, independent scores, the technical result
(disqualifications with reasons), the financial opening and the ranking."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import StaffMembership
from portal.errors import DomainError

from ..models import (
    Bid,
    CommitteeMember,
    TechnicalScore,
    Tender,
    TenderStatus,
)
from .common import announce, ensure_valid, locked, q2
from .evaluation import technical_score, tender_evaluate

# A committee is named, or changed, until the first member submits scores.
COMMITTEE_STATES = {
    TenderStatus.DRAFT,
    TenderStatus.PUBLISHED,
    TenderStatus.CLOSED,
    TenderStatus.OPENED,
}


def committee_can_change(tender: Tender) -> bool:
    """The municipality names or changes the committee until the first member
    submits scores; in a round ordered by the review commission the same
    committee scores again and cannot change."""
    return (
        tender.status in COMMITTEE_STATES
        and tender.evaluation_round == 1
        and not tender.committee.submitted().exists()
    )


def _ensure_manager(tender: Tender, by) -> None:
    if not tender.is_managed_by(by):
        raise DomainError(_("Only the municipality's staff run this tender."))


@transaction.atomic
def committee_appoint(*, tender: Tender, by, staff: list, experts: list = ()) -> list:
    """Name the evaluation committee: at least PROCUREMENT_MIN_COMMITTEE
    people, confirmed staff of the tender's municipality and optionally
    outside experts with an account. Until the first scores are submitted the
    municipality may change it, but a member who has declared (and may have
    read the bids) stays. Returns the members."""
    tender = locked(tender)
    _ensure_manager(tender, by)
    if not committee_can_change(tender):
        raise DomainError(_("The committee can no longer change: scoring has begun."))
    staff = list(dict.fromkeys(staff))
    experts = [user for user in dict.fromkeys(experts) if user not in staff]
    minimum = settings.PROCUREMENT_MIN_COMMITTEE
    if len(staff) + len(experts) < minimum:
        raise DomainError(
            _("An evaluation committee has at least %(count)d members.")
            % {"count": minimum}
        )
    if not staff:
        raise DomainError(_("At least one member must be staff of the municipality."))
    confirmed = set(
        StaffMembership.objects.confirmed()
        .filter(municipality_id=tender.municipality_id, user__in=staff)
        .values_list("user_id", flat=True)
    )
    if any(user.pk not in confirmed for user in staff):
        raise DomainError(
            _("Committee members from the municipality must be its confirmed staff.")
        )
    if any(not user.is_active for user in experts):
        raise DomainError(_("An outside expert needs an active account."))
    wanted = {user.pk: False for user in staff} | {user.pk: True for user in experts}
    current = {m.user_id: m for m in tender.committee.select_for_update()}
    for user_id, member in current.items():
        if user_id not in wanted:
            if member.has_declared:
                raise DomainError(
                    _(
                        "%(member)s has already declared and may have read the "
                        "bids: they stay on the committee."
                    )
                    % {"member": member}
                )
            member.delete()
    for user_id, is_expert in wanted.items():
        member = current.get(user_id)
        if member is None:
            CommitteeMember.objects.create(
                tender=tender, user_id=user_id, is_expert=is_expert, appointed_by=by
            )
        elif member.is_expert != is_expert:
            member.is_expert = is_expert
            member.save(update_fields=["is_expert"])
    return list(tender.committee.select_related("user"))


@transaction.atomic
def committee_declare(*, member: CommitteeMember, by, no_conflict: bool) -> None:
    """The member declares having no conflict of interest with any bidder:
    before that the member sees no bid. A member who has one does not
    declare; the municipality names someone else."""
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if member.user_id != by.pk:
        raise DomainError(_("Only the member can make this declaration."))
    if not no_conflict:
        raise DomainError(
            _(
                "Tick the declaration. If you have a conflict of interest, do "
                "not declare: ask the municipality to name someone else."
            )
        )
    if member.declared_at is None:
        member.declared_at = timezone.now()
        member.save(update_fields=["declared_at"])


def _ensure_scoring_open(tender: Tender) -> None:
    if tender.status != TenderStatus.OPENED or tender.technical_evaluated_at:
        raise DomainError(
            _("Technical proposals are scored after the opening, until the result.")
        )


@transaction.atomic
def member_scores_save(
    *, member: CommitteeMember, by, scores: dict, submit: bool = False
) -> None:
    """Record one member's own scores, {(bid_id, criterion_id): score or
    None}; with `submit` the scores become final (every bid on every
    criterion needed) and nobody can change them. A member scores after
    declaring, alone: nobody sees the others' scores until all have
    submitted."""
    tender = locked(member.tender)
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if member.user_id != by.pk:
        raise DomainError(_("Only the member can give these scores."))
    if not member.has_declared:
        raise DomainError(_("Declare that you have no conflict of interest first."))
    if member.has_submitted:
        raise DomainError(_("Your scores have been submitted and cannot change."))
    _ensure_scoring_open(tender)
    bids = set(tender.bids.valid().values_list("pk", flat=True))
    criteria = set(tender.criteria.values_list("pk", flat=True))
    this_round = tender.evaluation_round
    for (bid_id, criterion_id), score in scores.items():
        if bid_id not in bids or criterion_id not in criteria:
            raise DomainError(_("A score does not belong to this tender."))
        if score is None:
            TechnicalScore.objects.filter(
                member=member,
                bid_id=bid_id,
                criterion_id=criterion_id,
                round=this_round,
            ).delete()
            continue
        ensure_valid(TechnicalScore(score=score), fields=["score"])
        TechnicalScore.objects.update_or_create(
            member=member,
            bid_id=bid_id,
            criterion_id=criterion_id,
            round=this_round,
            defaults={"score": score},
        )
    if submit:
        given = member.scores.filter(round=this_round).count()
        if given < len(bids) * len(criteria):
            raise DomainError(_("Score every bid on every criterion first."))
        member.submitted_at = timezone.now()
        member.save(update_fields=["submitted_at"])


@dataclass
class TechnicalResult:
    """A bid's technical result: the committee's average per criterion."""

    bid: Bid
    per_criterion: dict = field(default_factory=dict)  # criterion id → average
    score: Decimal = Decimal(0)
    qualified: bool = False
    reason: str = ""


def committee_problem(tender: Tender) -> str | None:
    """Why the committee's technical result cannot be taken yet, or None."""
    members = list(tender.committee.all())
    minimum = settings.PROCUREMENT_MIN_COMMITTEE
    if len(members) < minimum:
        return _("An evaluation committee has at least %(count)d members.") % {
            "count": minimum
        }
    if any(not m.has_submitted for m in members):
        return _("Every committee member must submit their scores first.")
    return None


def technical_results(
    tender: Tender, consensus: dict | None = None, *, round: int | None = None
) -> list:
    """The committee's result (reads only) in the tender's current round (or
    `round`): per bid and criterion the average of the members' scores, the
    weighted technical score (or, with
    `consensus`, {bid_id: score}, the score the committee agreed on), and
    whether it reaches the tender's minimum; a bid below it is disqualified,
    the reason saying by how much."""
    criteria = list(tender.criteria.all())
    averages = {
        (row["bid_id"], row["criterion_id"]): q2(row["average"])
        for row in TechnicalScore.objects.filter(
            bid__tender=tender,
            member__isnull=False,
            round=round or tender.evaluation_round,
        )
        .values("bid_id", "criterion_id")
        .annotate(average=Avg("score"))
    }
    results = []
    for bid in tender.bids.valid().select_related("consultant"):
        result = TechnicalResult(bid=bid)
        result.per_criterion = {c.pk: averages.get((bid.pk, c.pk)) for c in criteria}
        if all(v is not None for v in result.per_criterion.values()):
            result.score = technical_score(
                [(c.weight, result.per_criterion[c.pk]) for c in criteria]
            )
        if consensus is not None:
            result.score = q2(consensus[bid.pk])
        result.qualified = result.score >= tender.min_technical_score
        if not result.qualified and bid.price is not None:
            # disqualified in a later round: the envelope opened earlier
            # stays open (nothing is sealed again)
            result.reason = str(
                _("Technical score %(score)s is below the minimum of %(minimum)s.")
                % {"score": result.score, "minimum": tender.min_technical_score}
            )
        elif not result.qualified:
            result.reason = str(
                _(
                    "Technical score %(score)s is below the minimum of %(minimum)s: "
                    "the financial envelope is returned unopened."
                )
                % {"score": result.score, "minimum": tender.min_technical_score}
            )
        results.append(result)
    return results


def consensus_problem(tender: Tender, consensus: dict, minutes: str) -> str | None:
    """Why a consensus cannot be recorded, or None: the minutes and a score
    0–100 for every valid bid."""
    if not (minutes or "").strip():
        return _("Write the minutes of the committee's consensus.")
    bids = set(tender.bids.valid().values_list("pk", flat=True))
    if set(consensus) != bids or any(
        score is None or not (0 <= score <= 100) for score in consensus.values()
    ):
        return _("Give the agreed technical score, 0 to 100, of every bid.")
    return None


@transaction.atomic
def technical_evaluation_complete(
    *, tender: Tender, by, consensus: dict | None = None, minutes: str = ""
) -> list[TechnicalResult]:
    """Take the committee's technical result, once every member (at least
    PROCUREMENT_MIN_COMMITTEE) has submitted: each bid gets its technical
    score, the average of the members' scores, or with `consensus`
    ({bid_id: score}, and the `minutes`) the score the committee agreed on;
    bids below the minimum are disqualified with the reason, and their
    financial envelopes will never be opened. Irreversible."""
    tender = locked(tender)
    _ensure_manager(tender, by)
    _ensure_scoring_open(tender)
    problem = committee_problem(tender)
    if problem is None and consensus is not None:
        problem = consensus_problem(tender, consensus, minutes)
    if problem:
        raise DomainError(problem)
    results = technical_results(tender, consensus)
    for result in results:
        bid = result.bid
        bid.technical_score = result.score
        bid.qualified = result.qualified
        bid.disqualification_reason = result.reason
        bid.save(
            update_fields=["technical_score", "qualified", "disqualification_reason"]
        )
    tender.technical_evaluated_at = timezone.now()
    tender.consensus_minutes = (minutes or "").strip() if consensus else ""
    tender.save(update_fields=["technical_evaluated_at", "consensus_minutes"])
    return results


@transaction.atomic
def financial_open(*, tender: Tender, by, now=None) -> list[Bid]:
    """The public opening of the financial envelopes, after the technical
    result: the offers of technically qualified bids are decrypted; a
    disqualified bid's envelope is returned unopened (its offer is never
    decrypted). Then the combined ranking by the tender's method. Returns
    the bids."""
    now = now or timezone.now()
    tender = locked(tender)
    _ensure_manager(tender, by)
    tender.ensure_allowed("evaluate")
    if tender.technical_evaluated_at is None:
        raise DomainError(_("The technical evaluation must be completed first."))
    if tender.financial_opened_at is not None:
        raise DomainError(_("The financial envelopes have already been opened."))
    for bid in tender.bids.valid().select_for_update():
        if bid.qualified:
            if bid.price is None:
                bid.open_offer()
        elif bid.price is None:
            # (an envelope opened in an earlier round stays open)
            bid.financial_returned_at = now
            bid.save(update_fields=["financial_returned_at"])
    tender.financial_opened_at = now
    tender.save(update_fields=["financial_opened_at"])
    bids = tender_evaluate(tender=tender, by=by)
    announce("tender.financial_opened", tender)
    return bids
