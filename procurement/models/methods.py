"""What a procurement method asks of a tender: the invitations of a
restricted tender or a request for quotations, the named member and the
legal justification of single source, and the two-stage selection
(expression of interest → shortlist → request for proposals). Who may bid
under each method is eligibility.py; the moves are tender_lifecycle.py."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant

from .choices import (
    INVITATION_METHODS,
    ProcurementMethod,
    SelectionMethod,
    TenderStatus,
)


class Invitation(models.Model):
    """A member the municipality names: invited to a restricted tender or a
    request for quotations, or shortlisted after the expressions of interest
    (then with the reason and the expression it answers)."""

    tender = models.ForeignKey(
        "procurement.Tender", on_delete=models.CASCADE, related_name="invitations"
    )
    consultant = models.ForeignKey(
        Consultant, on_delete=models.PROTECT, related_name="tender_invitations"
    )
    reason = models.TextField(_("reason"), blank=True)
    expression = models.OneToOneField(
        "procurement.ExpressionOfInterest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitation",
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["tender", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "consultant"], name="invitation_once_per_member"
            )
        ]
        indexes = [models.Index(fields=["consultant", "tender"])]

    def __str__(self):
        return f"{self.tender_id}: {self.consultant}"


class ExpressionOfInterest(models.Model):
    """A member's application to a call for expressions of interest: their
    qualifications for the assignment."""

    tender = models.ForeignKey(
        "procurement.Tender", on_delete=models.CASCADE, related_name="expressions"
    )
    consultant = models.ForeignKey(
        Consultant, on_delete=models.PROTECT, related_name="expressions_of_interest"
    )
    experience = models.TextField(
        _("relevant experience"),
        max_length=8000,
        help_text=_("Similar assignments, for whom, when, and your part in them."),
    )
    relevant_contracts = models.PositiveSmallIntegerField(
        _("number of similar contracts in the last five years"),
        validators=[MaxValueValidator(1000)],
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["tender", "-relevant_contracts", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "consultant"], name="expression_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.tender_id}: {self.consultant}"


class TenderMethods:
    """The method rules of a tender (mixed into Tender)."""

    @property
    def is_two_stage(self) -> bool:
        return self.procurement_method == ProcurementMethod.TWO_STAGE

    @property
    def invites_members(self) -> bool:
        """Restricted tender or request for quotations: named invitees only."""
        return self.procurement_method in INVITATION_METHODS

    @property
    def is_single_source(self) -> bool:
        return self.procurement_method == ProcurementMethod.SINGLE_SOURCE

    def eligible_consultants_are_named(self) -> bool:
        """Only members the municipality names may bid now (invited,
        shortlisted or single source), not whoever is eligible."""
        if self.is_two_stage:
            return self.status != TenderStatus.INTEREST
        return self.invites_members or self.is_single_source

    @property
    def shortlist_bounds(self) -> tuple[int, int]:
        """How many applicants the shortlist names: one under selection on
        qualifications (the best-qualified), otherwise the settings' range."""
        if self.selection_method == SelectionMethod.QUALIFICATION:
            return 1, 1
        return settings.PROCUREMENT_SHORTLIST_MIN, settings.PROCUREMENT_SHORTLIST_MAX

    def accepts_interest(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == TenderStatus.INTEREST
            and self.interest_deadline is not None
            and now < self.interest_deadline
        )

    @property
    def shortlist_is_public(self) -> bool:
        return self.shortlist_published_at is not None

    def method_errors(self) -> dict:
        """{field: [messages]}: the method's rules on the tender's own fields
        (clean() reports them on their fields)."""
        errors: dict = {}
        method, selection = self.procurement_method, self.selection_method
        single = SelectionMethod.SINGLE_SOURCE
        if method == ProcurementMethod.SINGLE_SOURCE:
            if selection != single:
                errors["selection_method"] = [
                    _("A single-source tender uses single-source selection.")
                ]
            if not self.single_source_consultant_id:
                errors["single_source_consultant"] = [
                    _("Name the member the single-source tender goes to.")
                ]
            if not (self.single_source_justification or "").strip():
                errors["single_source_justification"] = [
                    _("Record the legal justification for single source.")
                ]
        elif selection == single:
            errors["selection_method"] = [
                _("Single-source selection needs the single-source method.")
            ]
        if (
            method == ProcurementMethod.REQUEST_FOR_QUOTATIONS
            and selection != SelectionMethod.LEAST_COST
        ):
            errors["selection_method"] = [
                _("A request for quotations is won by the lowest compliant quote.")
            ]
        if (
            selection == SelectionMethod.QUALIFICATION
            and method != ProcurementMethod.TWO_STAGE
        ):
            errors["selection_method"] = [
                _(
                    "Selection on qualifications needs the call for expressions "
                    "of interest (the two-stage method)."
                )
            ]
        if method == ProcurementMethod.TWO_STAGE and not self.interest_deadline:
            errors["interest_deadline"] = [
                _("Set the deadline for expressions of interest.")
            ]
        return errors

    def drop_other_methods_fields(self) -> None:
        """Fields that belong to another method are emptied, so a form
        sent without JavaScript keeps only what the chosen method uses."""
        if not self.is_single_source:
            self.single_source_consultant = None
            self.single_source_justification = ""
        if not self.is_two_stage:
            self.interest_deadline = None

    @staticmethod
    def invitation_count_problem(method, count):
        """Why `count` invitees are not enough for `method`, or None."""
        if method in INVITATION_METHODS and count < settings.PROCUREMENT_MIN_INVITED:
            return _("Invite at least %(n)d members (the legal minimum).") % {
                "n": settings.PROCUREMENT_MIN_INVITED
            }
        return None

    def method_publication_problems(self, now=None) -> list:
        """What the method still needs before publication (on top of
        method_errors, which clean() reports)."""
        problems = []
        if self.pk and self.invites_members:
            problem = self.invitation_count_problem(
                self.procurement_method, self.invitations.count()
            )
            if problem:
                problems.append(problem)
        return problems

    def interest_call_problems(self, now=None) -> list:
        """What is missing before the call for expressions of interest."""
        now = now or timezone.now()
        problems = []
        try:
            self.clean()
        except Exception as exc:  # ValidationError
            problems += getattr(exc, "messages", [str(exc)])
        if self.pk and not self.expertise_areas.exists():
            problems.append(_("Choose at least one expertise area."))
        if self.pk and not self.regions.exists():
            problems.append(_("Choose the regions where the work is done."))
        if self.pk and not self.documents.exists():
            problems.append(_("Attach the terms of reference."))
        days = settings.PROCUREMENT_MIN_INTEREST_DAYS
        if self.interest_deadline and self.interest_deadline < now + timedelta(
            days=days
        ):
            problems.append(
                _(
                    "The deadline for expressions of interest must be at least "
                    "%(days)d days after the call."
                )
                % {"days": days}
            )
        return problems
