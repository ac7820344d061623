"""The tender: a municipality's purchase of consulting services. Its queryset
is in tender_queries.py."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant, ExpertiseArea
from municipalities.access import staff_municipality_id
from municipalities.models import Municipality, Region
from portal.kept import kept_ids
from portal.rows import ChoiceLabels, id_url

from .choices import (
    MONEY,
    OPENED_STATES,
    CancelReason,
    Eligibility,
    ProcurementMethod,
    SelectionMethod,
    ServiceKind,
    TenderStatus,
)
from .eligibility import TenderEligibility
from .methods import TenderMethods
from .notice import STATE_NOTICE_URL, STATE_OCID_PREFIX, state_notice_validator
from .rules import FieldRule, broken_rules
from .tender_lifecycle import TenderLifecycle
from .tender_queries import LANGUAGES, TenderQuerySet


class Tender(
    ChoiceLabels, TenderLifecycle, TenderEligibility, TenderMethods, models.Model
):
    """A municipality's purchase of consulting services."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="tenders",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    expertise_areas = models.ManyToManyField(
        ExpertiseArea,
        related_name="tenders",
        verbose_name=_("expertise areas"),
    )
    service_kind = models.CharField(
        _("kind of service"), max_length=32, choices=ServiceKind.choices
    )
    procurement_method = models.CharField(
        _("procurement method"),
        max_length=16,
        choices=ProcurementMethod.choices,
        default=ProcurementMethod.OPEN,
    )
    selection_method = models.CharField(
        _("selection method"),
        max_length=32,
        choices=SelectionMethod.choices,
        default=SelectionMethod.QUALITY_COST,
    )
    estimated_budget = models.DecimalField(
        _("estimated budget, KGS"),
        validators=[MinValueValidator(Decimal("0.01"))],
        **MONEY,
    )
    regions = models.ManyToManyField(
        Region,
        related_name="tenders",
        verbose_name=_("regions where the work is done"),
    )
    eligibility = models.CharField(
        _("who may bid"),
        max_length=16,
        choices=Eligibility.choices,
        default=Eligibility.CERTIFIED,
    )
    terms_of_reference_authors = models.ManyToManyField(
        Consultant,
        blank=True,
        related_name="+",
        verbose_name=_("consultants who worked on the terms of reference"),
        help_text=_("They have a conflict of interest and cannot bid."),
    )
    invited_consultants = models.ManyToManyField(
        Consultant,
        through="Invitation",
        blank=True,
        related_name="+",
        verbose_name=_("invited members"),
        help_text=_(
            "Restricted tender and request for quotations only: only these "
            "members may bid; the legal minimum is the PROCUREMENT_MIN_INVITED "
            "setting."
        ),
    )
    single_source_consultant = models.ForeignKey(
        Consultant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("single-source member"),
        help_text=_("Single source only: the one member who may submit."),
    )
    single_source_justification = models.TextField(
        _("legal justification for single source"),
        blank=True,
        help_text=_("Single source only: published with the tender."),
    )
    interest_deadline = models.DateTimeField(
        _("deadline for expressions of interest"),
        null=True,
        blank=True,
        help_text=_("Two-stage selection only. Asia/Bishkek time."),
    )
    shortlist_published_at = models.DateTimeField(
        _("shortlist published"), null=True, blank=True
    )
    state_notice_number = models.CharField(
        _("notice number on the state procurement portal"),
        max_length=40,
        blank=True,
        validators=[state_notice_validator],
        help_text=_(
            "The order number on zakupki.gov.kg, from the notice's address "
            "(…/view.xhtml?id=521141 → 521141)."
        ),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    technical_weight = models.PositiveSmallIntegerField(
        _("weight of the technical score, %"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Quality- and cost-based selection only; the financial score weighs "
            "the rest."
        ),
    )
    min_technical_score = models.DecimalField(
        _("minimum technical score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    questions_deadline = models.DateTimeField(
        _("questions deadline"), null=True, blank=True
    )
    submission_deadline = models.DateTimeField(
        _("submission deadline"), null=True, blank=True
    )
    opening_at = models.DateTimeField(_("opening time"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TenderStatus.choices,
        default=TenderStatus.DRAFT,
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    opened_at = models.DateTimeField(_("bids opened"), null=True, blank=True)
    technical_evaluated_at = models.DateTimeField(
        _("technical evaluation completed"), null=True, blank=True
    )
    financial_opened_at = models.DateTimeField(
        _("financial envelopes opened"), null=True, blank=True
    )
    consensus_minutes = models.TextField(
        _("minutes of the committee's consensus"),
        blank=True,
        help_text=_(
            "Empty: the technical scores are the average of the members' "
            "scores; otherwise the committee agreed on them by consensus."
        ),
    )
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    evaluation_round = models.PositiveSmallIntegerField(
        _("evaluation round"),
        default=1,
        db_default=1,
        help_text=_(
            "The committee's current round: a new one when the review "
            "commission orders a re-evaluation."
        ),
    )
    cancel_reason = models.CharField(
        _("reason for cancelling"),
        max_length=32,
        choices=CancelReason.choices,
        blank=True,
    )
    cancel_explanation = models.TextField(_("explanation"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # the titles (every language) and the municipality's names, lowered, for
    # the list's search: written by the database only (triggers of migration
    # 0017), trigram-indexed
    search_text = models.TextField(editable=False, blank=True, default="")
    # the municipality's region and the regions of the work, likewise
    region_codes = ArrayField(
        models.CharField(max_length=8), editable=False, blank=True, default=list
    )
    # the ids of the expertise areas, likewise (migration 0023), GIN-indexed
    expertise_ids = kept_ids()
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_budget__gt=0), name="tender_budget_positive"
            ),
            models.CheckConstraint(
                condition=Q(technical_weight__lte=100), name="tender_weight_percent"
            ),
            models.CheckConstraint(
                condition=Q(questions_deadline__isnull=True)
                | Q(submission_deadline__isnull=True)
                | Q(questions_deadline__lt=models.F("submission_deadline")),
                name="tender_questions_before_submission",
            ),
            models.CheckConstraint(
                condition=Q(opening_at__isnull=True)
                | Q(submission_deadline__isnull=True)
                | Q(opening_at__gte=models.F("submission_deadline")),
                name="tender_opening_after_submission",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="cancelled", published_at__isnull=True)
                | Q(
                    status__in=["interest", "shortlisted", "cancelled"],
                    published_at__isnull=False,
                    interest_deadline__isnull=False,
                )
                | (
                    Q(published_at__isnull=False)
                    & Q(submission_deadline__isnull=False)
                    & Q(opening_at__isnull=False)
                ),
                name="tender_published_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(opened_at__isnull=True)
                | Q(opening_at__isnull=False, opened_at__gte=models.F("opening_at")),
                name="tender_opened_not_before_opening_time",
            ),
            models.CheckConstraint(
                condition=Q(min_technical_score__gte=0, min_technical_score__lte=100),
                name="tender_min_score_percent",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | (~Q(cancel_reason="") & ~Q(cancel_explanation="")),
                name="tender_cancelled_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submission_deadline"]),
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["-published_at"]),
            # the list's default order, read from an index
            models.Index(fields=["-published_at", "-id"], name="tender_published_id"),
            # its other sorts
            models.Index(
                fields=["submission_deadline", "id"], name="tender_deadline_id"
            ),
            models.Index(fields=["estimated_budget", "id"], name="tender_budget_id"),
            GinIndex(fields=["region_codes"], name="tender_region_codes_gin"),
            GinIndex(fields=["expertise_ids"], name="tender_expertise_ids_gin"),
            GinIndex(
                fields=["search_text"],
                name="tender_search_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            # the public list's other filters
            models.Index(fields=["procurement_method", "status"]),
            models.Index(fields=["selection_method", "status"]),
            models.Index(fields=["estimated_budget"]),
            # the list's search finds a tender by its state portal notice
            models.Index(
                fields=["state_notice_number"],
                condition=~Q(state_notice_number=""),
                name="tender_state_notice",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return id_url("procurement:tender-detail", self.pk)

    def clean(self):
        """The rules a tender must keep in any state, as messages on their
        fields: a title and a description in Kyrgyz, the state language and
        the portal's default (Russian and English are optional translations),
        the method's own fields, and the date rules of TENDER_RULES (the
        database's CheckConstraints)."""
        self.drop_other_methods_fields()
        errors = broken_rules(self, TENDER_RULES)
        for field, messages in self.method_errors().items():
            errors.setdefault(field, []).extend(messages)
        if not (self.title_ky or "").strip():
            errors.setdefault("title_ky", []).append(
                _("Give the title in Kyrgyz; Russian and English are optional.")
            )
        if not (self.description_ky or "").strip():
            errors.setdefault("description_ky", []).append(
                _("Give the description in Kyrgyz; Russian and English are optional.")
            )
        if errors:
            raise ValidationError(errors)

    # ------------------------------------------------------------ properties
    @property
    def ocid(self) -> str:
        return f"{settings.OCDS_OCID_PREFIX}{self.pk}"

    @property
    def state_notice_url(self) -> str:
        """The notice on the state procurement portal, when it is known."""
        if not self.state_notice_number:
            return ""
        return STATE_NOTICE_URL.format(self.state_notice_number)

    @property
    def state_ocid(self) -> str:
        if not self.state_notice_number:
            return ""
        return f"{STATE_OCID_PREFIX}{self.state_notice_number}"

    @property
    def document_language(self) -> str:
        """The language the tender was written in (the first with a title:
        Kyrgyz, Russian, English): its documents, such as the evaluation
        report, are made in it."""
        for language in LANGUAGES:
            if getattr(self, f"title_{language}", ""):
                return language
        return settings.LANGUAGE_CODE

    @property
    def financial_weight(self) -> int:
        return 100 - self.technical_weight

    @property
    def is_draft(self) -> bool:
        """A draft changes freely (fields, criteria, documents); a published
        tender changes only by amendment."""
        return self.status == TenderStatus.DRAFT

    @property
    def is_sealed(self) -> bool:
        """Bids stay sealed until the opening."""
        return self.status not in OPENED_STATES

    @property
    def is_ranked(self) -> bool:
        """The opened bids have been scored and ranked."""
        return not self.is_sealed and self.status != TenderStatus.OPENED

    @property
    def is_unsuccessful(self) -> bool:
        """Closed with fewer valid bids than the minimum."""
        return self.status == TenderStatus.UNSUCCESSFUL

    @property
    def weighs_quality_and_cost(self) -> bool:
        """Quality- and cost-based selection: both weights apply."""
        return self.selection_method == SelectionMethod.QUALITY_COST

    @property
    def minimum_bids(self) -> int:
        if self.procurement_method == ProcurementMethod.SINGLE_SOURCE or (
            self.selection_method == SelectionMethod.QUALIFICATION
        ):
            return 1
        return settings.PROCUREMENT_MIN_BIDS

    def accepts_bids(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == TenderStatus.PUBLISHED
            and self.submission_deadline is not None
            and now < self.submission_deadline
        )

    def accepts_questions(self, now=None) -> bool:
        now = now or timezone.now()
        deadline = self.questions_deadline or self.submission_deadline
        return (
            self.status == TenderStatus.PUBLISHED
            and deadline is not None
            and now < deadline
        )

    def is_managed_by(self, user) -> bool:
        """Only confirmed staff of the tender's municipality run it."""
        municipality_id = staff_municipality_id(user)
        return municipality_id is not None and municipality_id == self.municipality_id


# Date rules: the condition is the CheckConstraint's in Tender.Meta; clean()
# names the field and says it in the user's language.
TENDER_RULES = [
    FieldRule(
        "tender_questions_before_submission",
        "questions_deadline",
        _("The questions deadline must be before the submission deadline."),
    ),
    FieldRule(
        "tender_opening_after_submission",
        "opening_at",
        _("The opening time must not be before the submission deadline."),
    ),
]
