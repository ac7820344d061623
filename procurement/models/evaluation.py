"""Technical evaluation: the criteria of a tender, its evaluation committee
and each member's scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bids import Bid
from .rules import FieldRule, check_rules
from .tenders import Tender


class EvaluationCriterion(models.Model):
    """A technical evaluation criterion; weights of a tender add up to 100."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=300)
    weight = models.PositiveSmallIntegerField(
        _("weight, %"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="criterion_weight_percent",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class CommitteeMemberQuerySet(models.QuerySet):
    def declared(self):
        return self.filter(declared_at__isnull=False)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class CommitteeMember(models.Model):
    """A member of a tender's evaluation committee: staff of the municipality
    or an outside expert with an account. Declares no conflict of interest
    before seeing any bid, scores alone, and submits once."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="committee"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("member"),
    )
    is_expert = models.BooleanField(_("outside expert"), default=False)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )
    appointed_at = models.DateTimeField(_("appointed"), default=timezone.now)
    declared_at = models.DateTimeField(
        _("no conflict of interest declared"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("scores submitted"), null=True, blank=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["appointed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "user"], name="committee_one_seat_per_person"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(declared_at__isnull=False),
                name="committee_declared_before_scoring",
            ),
        ]

    def __str__(self):
        return self.user.get_full_name() or self.user.email

    @property
    def has_declared(self) -> bool:
        return self.declared_at is not None

    @property
    def has_submitted(self) -> bool:
        return self.submitted_at is not None


class TechnicalScore(models.Model):
    """One committee member's score of one bid on one criterion (0–100).
    Scores without a member were given before committees (one staff account
    scored alone)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scores",
        verbose_name=_("committee member"),
    )
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # the committee's round (Tender.evaluation_round): a new round ordered by
    # the review commission scores again; earlier rounds' scores stay
    round = models.PositiveSmallIntegerField(
        _("evaluation round"), default=1, db_default=1
    )

    class Meta:
        verbose_name = _("technical score")
        verbose_name_plural = _("technical scores")
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion"],
                condition=Q(member__isnull=True),
                name="score_one_per_criterion",
            ),
            models.UniqueConstraint(
                fields=["member", "bid", "criterion", "round"],
                name="score_one_per_member_criterion_and_round",
            ),
            models.CheckConstraint(
                condition=Q(round__gte=1), name="score_round_from_one"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="score_range"
            ),
        ]

    def __str__(self):
        return f"{self.bid_id}/{self.criterion_id}: {self.score}"

    def clean(self):
        check_rules(self, SCORE_RULES)


SCORE_RULES = [FieldRule("score_range", "score", _("Scores are between 0 and 100."))]


class EvaluationRound(models.Model):
    """A round of the committee's evaluation that the review commission
    superseded by ordering a new one (ComplaintEffect.REEVALUATE), kept as
    it stood: nothing of it is deleted. Its members' scores stay in
    TechnicalScore with this round's number; here are the members'
    submission times, each bid's result and ranking, and the award it led
    to (annulled by the decision)."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="evaluation_rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"))
    complaint = models.ForeignKey(
        "procurement.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_rounds",
        verbose_name=_("complaint"),
    )
    technical_evaluated_at = models.DateTimeField(
        _("technical evaluation completed"), null=True, blank=True
    )
    financial_opened_at = models.DateTimeField(
        _("financial envelopes opened"), null=True, blank=True
    )
    consensus_minutes = models.TextField(
        _("minutes of the committee's consensus"), blank=True
    )
    superseded_at = models.DateTimeField(_("superseded"), default=timezone.now)
    # {member id: ISO time of the submission}
    submissions = models.JSONField(_("scores submitted"), default=dict)
    # one entry a bid: bid, consultant, technical, financial and combined
    # scores, qualified, reason, rank, financial envelope returned
    results = models.JSONField(_("results"), default=list)
    # the annulled award: bid, consultant, amount, notified_at
    award = models.JSONField(_("annulled award"), null=True, blank=True)

    class Meta:
        verbose_name = _("superseded evaluation round")
        verbose_name_plural = _("superseded evaluation rounds")
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "number"], name="evaluation_round_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="evaluation_round_from_one"
            ),
        ]

    def __str__(self):
        return _("Round %(number)s") % {"number": self.number}
