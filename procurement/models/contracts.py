"""The signed contract, its milestones and the consultant's rating."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from .awards import Award
from .choices import (
    MONEY,
    ContractStatus,
)
from .pipeline import STAFF, Move, Pipeline
from .rules import FieldRule, broken_rules, check_rules
from .tenders import Tender


class Contract(Pipeline, models.Model):
    """The signed contract with the awarded consultant, and its completion."""

    tender = models.OneToOneField(
        Tender, on_delete=models.PROTECT, related_name="contract"
    )
    award = models.OneToOneField(
        Award, on_delete=models.PROTECT, related_name="contract"
    )
    number = models.CharField(_("contract number"), max_length=60, blank=True)
    amount = models.DecimalField(_("amount, KGS"), **MONEY)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("work starts"))
    ends_on = models.DateField(_("work ends"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment on the work"), blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="contract_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="contract_period_order",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="contract_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(rating__isnull=False),
                name="contract_completed_is_rated",
            ),
        ]

    def __str__(self):
        return self.number or _("Contract %(number)s") % {"number": self.pk}

    def clean(self):
        """CONTRACT_RULES, the database's rules, as messages on the fields."""
        check_rules(self, CONTRACT_RULES)

    # ----------------------------------------------------------- transitions
    def current_state(self, now=None) -> str:
        """Derived from the dates: signed until the work is completed."""
        if self.completed_at is None:
            return ContractStatus.SIGNED
        return ContractStatus.COMPLETED

    def roles_of(self, user, now=None) -> set:
        return {STAFF} if self.tender.is_managed_by(user) else set()

    def complete(self, *, rating: int, comment: str, now=None) -> None:
        """Signed → completed: the municipality rates the work (1–5 and a
        comment), shown on the consultant's profile. The tender follows
        (Tender.complete)."""
        self.ensure_allowed("complete")
        problems = broken_rules(Contract(rating=int(rating)), [RATING_RULE])
        if problems:
            raise DomainError(problems["rating"][0])
        self.rating = int(rating)
        self.rating_comment = (comment or "").strip()
        self.completed_at = now or timezone.now()
        self.save(update_fields=["rating", "rating_comment", "completed_at"])


CONTRACT_TRANSITIONS = {
    "complete": Move(
        frozenset({ContractStatus.SIGNED}),
        ContractStatus.COMPLETED,
        STAFF,
        _("Only a tender with a signed contract can be completed."),
    ),
}
Contract.transitions = CONTRACT_TRANSITIONS


class Milestone(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("payment, KGS"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="milestone_amount_positive",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        check_rules(self, MILESTONE_RULES)


RATING_RULE = FieldRule(
    "contract_rating_range", "rating", _("The rating is from 1 to 5.")
)
# The condition of each rule is the CheckConstraint's of the same name.
CONTRACT_RULES = [
    FieldRule(
        "contract_period_order", "ends_on", _("The work cannot end before it starts.")
    ),
    FieldRule(
        "contract_amount_positive",
        "amount",
        _("The contract amount must be positive."),
    ),
    RATING_RULE,
]
MILESTONE_RULES = [
    FieldRule(
        "milestone_amount_positive",
        "amount",
        _("A payment must be a positive amount."),
    ),
]
