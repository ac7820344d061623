"""What a tender needs before publication, and its state transitions."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from .choices import (
    CANCELLABLE_STATES,
    CancelReason,
    SelectionMethod,
    TenderStatus,
)


class TenderLifecycle:
    """Publication rules and the moves of a tender's status (mixed into
    Tender)."""

    def publication_problems(self, now=None) -> list:
        """What is missing before the tender can be published."""
        now = now or timezone.now()
        problems = []
        if not any(getattr(self, f"title_{lang}", "") for lang in ("ky", "ru", "en")):
            problems.append(_("Give the title."))
        if not any(
            getattr(self, f"description_{lang}", "") for lang in ("ky", "ru", "en")
        ):
            problems.append(_("Give the description."))
        if self.pk and not self.expertise_areas.exists():
            problems.append(_("Choose at least one expertise area."))
        if self.pk and not self.regions.exists():
            problems.append(_("Choose the regions where the work is done."))
        if self.pk and not self.documents.exists():
            problems.append(_("Attach the terms of reference."))
        if self.selection_method == SelectionMethod.QUALITY_COST and not (
            0 < self.technical_weight < 100
        ):
            problems.append(
                _("Quality- and cost-based selection needs both weights above zero.")
            )
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
            if self.questions_deadline and (
                self.questions_deadline >= self.submission_deadline
                or self.questions_deadline <= now
            ):
                problems.append(
                    _(
                        "The questions deadline must be in the future and before "
                        "the submission deadline."
                    )
                )
            if not self.opening_at or self.opening_at < self.submission_deadline:
                problems.append(
                    _("The opening time must not be before the submission deadline.")
                )
        return problems

    # ----------------------------------------------------------- transitions
    def _move(self, new_status: str, allowed_from, message) -> None:
        if self.status not in allowed_from:
            raise DomainError(message)
        self.status = new_status
        self.status_changed_at = timezone.now()

    def publish(self, *, now=None) -> None:
        """Draft → published. Needs every required field and a submission
        deadline at least PROCUREMENT_MIN_SUBMISSION_DAYS ahead."""
        if self.status != TenderStatus.DRAFT:
            raise DomainError(_("Only a draft tender can be published."))
        problems = self.publication_problems(now=now)
        if problems:
            raise DomainError(" ".join(str(p) for p in problems))
        self._move(TenderStatus.PUBLISHED, [TenderStatus.DRAFT], "")
        self.published_at = now or timezone.now()
        self.save()

    def close(self, *, now=None) -> None:
        """Published → closed (or unsuccessful) once the submission deadline
        has passed; fewer valid bids than the minimum make it unsuccessful."""
        now = now or timezone.now()
        if self.status != TenderStatus.PUBLISHED:
            raise DomainError(_("Only a tender accepting bids can be closed."))
        if now < self.submission_deadline:
            raise DomainError(_("The submission deadline has not passed yet."))
        if self.bids.valid().count() < self.minimum_bids:
            self._move(TenderStatus.UNSUCCESSFUL, [TenderStatus.PUBLISHED], "")
        else:
            self._move(TenderStatus.CLOSED, [TenderStatus.PUBLISHED], "")
        self.save()

    def mark_opened(self, *, now=None) -> None:
        """Closed → opened, not before the announced opening time."""
        now = now or timezone.now()
        if self.status != TenderStatus.CLOSED:
            raise DomainError(_("Bids can only be opened once the tender is closed."))
        if now < self.opening_at:
            raise DomainError(_("The announced opening time has not come yet."))
        self._move(TenderStatus.OPENED, [TenderStatus.CLOSED], "")
        self.opened_at = now
        self.save()

    def mark_evaluated(self) -> None:
        """Opened → evaluated (also again after an upheld complaint)."""
        self._move(
            TenderStatus.EVALUATED,
            [TenderStatus.OPENED, TenderStatus.EVALUATED],
            _("Only opened bids can be evaluated."),
        )
        self.evaluated_at = timezone.now()
        self.save()

    def start_standstill(self) -> None:
        """Evaluated → award pending: the notice of intention to award."""
        self._move(
            TenderStatus.AWARD_PENDING,
            [TenderStatus.EVALUATED],
            _("Only an evaluated tender can be awarded."),
        )
        self.save()

    def reopen_evaluation(self) -> None:
        """Award pending → evaluated, when a complaint is upheld."""
        self._move(
            TenderStatus.EVALUATED,
            [TenderStatus.AWARD_PENDING],
            _("Only a pending award can be reconsidered."),
        )
        self.save()

    def finalize_award(self) -> None:
        """Award pending → awarded, after the standstill period."""
        self._move(
            TenderStatus.AWARDED,
            [TenderStatus.AWARD_PENDING],
            _("Only a pending award can become final."),
        )
        self.save()

    def sign_contract(self) -> None:
        self._move(
            TenderStatus.CONTRACT_SIGNED,
            [TenderStatus.AWARDED],
            _("A contract can only be recorded once the award is final."),
        )
        self.save()

    def complete(self) -> None:
        self._move(
            TenderStatus.COMPLETED,
            [TenderStatus.CONTRACT_SIGNED],
            _("Only a tender with a signed contract can be completed."),
        )
        self.save()

    def cancel(self, *, reason: str, explanation: str) -> None:
        """Any state before the contract → cancelled, with a reason code and an
        explanation that everyone can read."""
        if reason not in CancelReason.values:
            raise DomainError(_("Choose the reason for cancelling."))
        if not (explanation or "").strip():
            raise DomainError(_("Explain why the tender is cancelled."))
        self._move(
            TenderStatus.CANCELLED,
            CANCELLABLE_STATES,
            _("A tender cannot be cancelled once the contract is signed."),
        )
        self.cancel_reason = reason
        self.cancel_explanation = explanation.strip()
        self.cancelled_at = self.status_changed_at
        self.save()
