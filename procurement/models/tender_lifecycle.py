"""What a tender needs before publication, and its state transitions."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from .choices import (
    CancelReason,
    TenderStatus,
)
from .pipeline import STAFF, SYSTEM, Move, Pipeline


class TenderLifecycle(Pipeline):
    """Publication rules and the moves of a tender's status (mixed into
    Tender). Every move is in TENDER_TRANSITIONS below; each method here makes
    one of them and records what goes with it."""

    def publication_problems(self, now=None) -> list:
        """What is missing before the tender can be published."""
        now = now or timezone.now()
        problems = []
        try:
            self.clean()
        except ValidationError as exc:
            problems += exc.messages
        if self.pk and not self.expertise_areas.exists():
            problems.append(_("Choose at least one expertise area."))
        if self.pk and not self.regions.exists():
            problems.append(_("Choose the regions where the work is done."))
        if self.pk and not self.documents.exists():
            problems.append(_("Attach the terms of reference."))
        if self.weighs_quality_and_cost and not (0 < self.technical_weight < 100):
            problems.append(
                _("Quality- and cost-based selection needs both weights above zero.")
            )
        problems += self.method_publication_problems(now)
        if self.pk and not self.criteria.exists():
            problems.append(_("Add at least one technical evaluation criterion."))
        elif self.pk and sum(c.weight for c in self.criteria.all()) != 100:
            problems.append(
                _("The weights of the technical criteria must add up to 100.")
            )
        if not self.submission_deadline:
            problems.append(_("Set the submission deadline."))
        else:
            days = settings.PROCUREMENT_MIN_SUBMISSION_DAYS
            if self.submission_deadline < now + timedelta(days=days):
                problems.append(
                    _(
                        "The submission deadline must be at least %(days)d days "
                        "after publication."
                    )
                    % {"days": days}
                )
            if self.questions_deadline and self.questions_deadline <= now:
                problems.append(_("The questions deadline must be in the future."))
            if not self.opening_at:
                problems.append(_("Set the opening time."))
        return problems

    @property
    def is_suspended(self) -> bool:
        """Suspended by the review commission's decision on a complaint."""
        return self.status == TenderStatus.SUSPENDED

    def next_clock_change(self, now):
        """The next moment at which the tender's page reads differently with
        no write (a deadline, the opening, the award's standstill ends), or
        None: how long a page of it may be shared (portal/pagecache.py)."""
        award = getattr(self, "award", None)
        moments = [
            self.interest_deadline,
            self.questions_deadline,
            self.submission_deadline,
            self.opening_at,
            award.standstill_ends_at if award is not None else None,
        ]
        return min((m for m in moments if m is not None and m > now), default=None)

    # ----------------------------------------------------------- transitions
    def roles_of(self, user, now=None) -> set:
        return {STAFF} if self.is_managed_by(user) else set()

    def _deadline_passed(self, now=None):
        if (now or timezone.now()) < self.submission_deadline:
            return _("The submission deadline has not passed yet.")
        return None

    def _bids_closed(self, now=None):
        # a published tender past its deadline counts as closed: the daily
        # sweep may not have recorded it yet, and opening records it first
        if self.status == TenderStatus.PUBLISHED and (
            self.submission_deadline is None
            or (now or timezone.now()) < self.submission_deadline
        ):
            return TENDER_TRANSITIONS["open"].refusal
        return None

    def _publishable_stage(self, now=None):
        # a two-stage tender issues its request for proposals to the shortlist
        if self.is_two_stage and self.status != TenderStatus.SHORTLISTED:
            return _("A two-stage tender first calls for expressions of interest.")
        if not self.is_two_stage and self.status != TenderStatus.DRAFT:
            return TENDER_TRANSITIONS["publish"].refusal
        return None

    def _is_two_stage_guard(self, now=None):
        if not self.is_two_stage:
            return _("Only a two-stage tender calls for expressions of interest.")
        return None

    def _interest_closed(self, now=None):
        if (now or timezone.now()) < self.interest_deadline:
            return _("The deadline for expressions of interest has not passed yet.")
        return None

    def _move_to(self, name: str, now=None) -> None:
        self._apply(name, now)
        self.status_changed_at = timezone.now()

    def publish(self, *, now=None) -> None:
        """Draft → published. Needs every required field and a submission
        deadline at least PROCUREMENT_MIN_SUBMISSION_DAYS ahead."""
        self.ensure_allowed("publish", now)
        problems = self.publication_problems(now=now)
        if problems:
            raise DomainError(" ".join(str(p) for p in problems))
        self._move_to("publish", now)
        # a two-stage tender was published with its call for expressions
        # of interest
        self.published_at = self.published_at or now or timezone.now()
        self.save()

    def call_for_interest(self, *, now=None) -> None:
        """Draft → accepting expressions of interest (two-stage only)."""
        self.ensure_allowed("call_for_interest", now)
        problems = self.interest_call_problems(now=now)
        if problems:
            raise DomainError(" ".join(str(p) for p in problems))
        self._move_to("call_for_interest", now)
        self.published_at = now or timezone.now()
        self.save()

    def publish_shortlist(self, *, now=None) -> None:
        """Accepting expressions of interest → shortlist published, once the
        deadline has passed (the service records who is on it)."""
        self._move_to("shortlist", now)
        self.shortlist_published_at = self.status_changed_at
        self.save()

    def close(self, *, now=None) -> None:
        """Published → closed (or unsuccessful) once the submission deadline
        has passed; fewer valid bids than the minimum make it unsuccessful."""
        now = now or timezone.now()
        self.ensure_allowed("close", now)
        if self.bids.valid().count() < self.minimum_bids:
            self._move_to("declare_unsuccessful", now)
        else:
            self._move_to("close", now)
        self.save()

    def mark_opened(self, *, now=None) -> None:
        """Closed → opened, not before the announced opening time. A tender
        still published after its deadline is closed first; with too few
        bids it becomes unsuccessful and is not opened."""
        now = now or timezone.now()
        self.ensure_allowed("open", now)
        if self.status == TenderStatus.PUBLISHED:
            self.close(now=now)
            if self.is_unsuccessful:
                return
        if now < self.opening_at:
            raise DomainError(_("The announced opening time has not come yet."))
        self._move_to("open", now)
        self.opened_at = now
        self.save()

    def mark_evaluated(self) -> None:
        """Opened → evaluated (also again after an upheld complaint)."""
        self._move_to("evaluate")
        self.evaluated_at = timezone.now()
        self.save()

    def start_standstill(self) -> None:
        """Evaluated → award pending: the notice of intention to award."""
        self._move_to("award")
        self.save()

    def reopen_evaluation(self) -> None:
        """Award pending → opened, when the review commission orders a
        re-evaluation: the committee's next round starts with no technical
        result and no ranking (the service keeps the superseded round as
        EvaluationRound); financial envelopes already opened stay open."""
        self._move_to("reconsider")
        self.evaluation_round += 1
        self.technical_evaluated_at = None
        self.financial_opened_at = None
        self.consensus_minutes = ""
        self.evaluated_at = None
        self.save()

    def finalize_award(self) -> None:
        """Award pending → awarded, after the standstill period."""
        self._move_to("finalize")
        self.save()

    def sign_contract(self) -> None:
        """Awarded → contract signed."""
        self._move_to("contract")
        self.save()

    def complete(self) -> None:
        """Contract signed → completed, when the work is done and rated."""
        self._move_to("complete")
        self.save()

    def suspend(self) -> None:
        """Published → suspended, by the review commission's decision on a
        complaint about the terms: the deadlines stop and no bid is taken."""
        self._move_to("suspend")
        self.save()

    def resume(self, *, submission_deadline, opening_at, questions_deadline=None):
        """Suspended → published, with a new submission deadline at least
        PROCUREMENT_AMENDMENT_WINDOW_DAYS ahead (the service records it as an
        amendment and asks every bidder to confirm again)."""
        now = timezone.now()
        self.ensure_allowed("resume", now)
        days = settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS
        if submission_deadline is None or submission_deadline < now + timedelta(
            days=days
        ):
            raise DomainError(
                _(
                    "The new submission deadline must be at least %(days)d days "
                    "from now."
                )
                % {"days": days}
            )
        if questions_deadline is not None and questions_deadline <= now:
            raise DomainError(_("The questions deadline must be in the future."))
        self.submission_deadline = submission_deadline
        self.opening_at = opening_at
        self.questions_deadline = questions_deadline
        self._move_to("resume", now)

    def cancel(self, *, reason: str, explanation: str) -> None:
        """Any state before the contract → cancelled, with a reason code and an
        explanation that everyone can read."""
        if reason not in CancelReason.values:
            raise DomainError(_("Choose the reason for cancelling."))
        if not (explanation or "").strip():
            raise DomainError(_("Explain why the tender is cancelled."))
        self._move_to("cancel")
        self.cancel_reason = reason
        self.cancel_explanation = explanation.strip()
        self.cancelled_at = self.status_changed_at
        self.save()


S = TenderStatus
_not_accepting = _("Only a tender accepting bids can be closed.")

# The tender's pipeline: every allowed move, in one place. STAFF moves are
# offered to the municipality's staff (available_transitions); SYSTEM moves
# follow deadlines and the review commission's decisions on complaints.
TENDER_TRANSITIONS = {
    "call_for_interest": Move(
        frozenset({S.DRAFT}),
        S.INTEREST,
        STAFF,
        _("Only a draft tender can call for expressions of interest."),
        guard="_is_two_stage_guard",
    ),
    "shortlist": Move(
        frozenset({S.INTEREST}),
        S.SHORTLISTED,
        STAFF,
        _("Only a call for expressions of interest can be shortlisted."),
        guard="_interest_closed",
    ),
    "publish": Move(
        frozenset({S.DRAFT, S.SHORTLISTED}),
        S.PUBLISHED,
        STAFF,
        _("Only a draft tender can be published."),
        guard="_publishable_stage",
    ),
    "close": Move(
        frozenset({S.PUBLISHED}),
        S.CLOSED,
        SYSTEM,
        _not_accepting,
        guard="_deadline_passed",
    ),
    "declare_unsuccessful": Move(
        frozenset({S.PUBLISHED}),
        S.UNSUCCESSFUL,
        SYSTEM,
        _not_accepting,
        guard="_deadline_passed",
    ),
    "open": Move(
        frozenset({S.PUBLISHED, S.CLOSED}),
        S.OPENED,
        STAFF,
        _("Bids can only be opened once the tender is closed."),
        guard="_bids_closed",
    ),
    "evaluate": Move(
        frozenset({S.OPENED, S.EVALUATED}),
        S.EVALUATED,
        STAFF,
        _("Only opened bids can be evaluated."),
    ),
    "award": Move(
        frozenset({S.EVALUATED}),
        S.AWARD_PENDING,
        STAFF,
        _("Only an evaluated tender can be awarded."),
    ),
    "reconsider": Move(
        frozenset({S.AWARD_PENDING}),
        S.OPENED,
        SYSTEM,
        _("Only a pending award can be reconsidered."),
    ),
    "finalize": Move(
        frozenset({S.AWARD_PENDING}),
        S.AWARDED,
        SYSTEM,
        _("Only a pending award can become final."),
    ),
    "contract": Move(
        frozenset({S.AWARDED}),
        S.CONTRACT_SIGNED,
        STAFF,
        _("A contract can only be recorded once the award is final."),
    ),
    "complete": Move(
        frozenset({S.CONTRACT_SIGNED}),
        S.COMPLETED,
        STAFF,
        _("Only a tender with a signed contract can be completed."),
    ),
    "suspend": Move(
        frozenset({S.PUBLISHED}),
        S.SUSPENDED,
        SYSTEM,
        _("Only a tender accepting bids can be suspended."),
    ),
    "resume": Move(
        frozenset({S.SUSPENDED}),
        S.PUBLISHED,
        STAFF,
        _("Only a suspended tender can be resumed."),
    ),
    "cancel": Move(
        frozenset(
            {
                S.DRAFT,
                S.INTEREST,
                S.SHORTLISTED,
                S.PUBLISHED,
                S.SUSPENDED,
                S.CLOSED,
                S.OPENED,
                S.EVALUATED,
                S.AWARD_PENDING,
                S.AWARDED,
            }
        ),
        S.CANCELLED,
        STAFF,
        _("A tender cannot be cancelled once the contract is signed."),
    ),
}
TenderLifecycle.transitions = TENDER_TRANSITIONS
