"""Consulting-service tenders: announcement, sealed bids, opening, evaluation,
award with a standstill period, complaints, contract and the consultant's rating.

State transitions are methods of the model that owns the state; workflows that
touch several models, files or email live in services.py.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultants.models import Consultant, ExpertiseArea, NetworkStatus
from municipalities.access import staff_municipality_id
from municipalities.models import Municipality, Region, StaffMembership
from portal.errors import DomainError
from trainings.models import Certificate

from . import crypto

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class ProcurementMethod(models.TextChoices):
    """The four methods of the Law on Public Procurement No. 27 of 14.04.2022."""

    OPEN = "open", _("open tender")
    RESTRICTED = "restricted", _("restricted tender")
    REQUEST_FOR_QUOTATIONS = "rfq", _("request for quotations")
    SINGLE_SOURCE = "single_source", _("single source")


class SelectionMethod(models.TextChoices):
    QUALITY_COST = "quality_cost", _("quality- and cost-based selection")
    QUALITY = "quality", _("quality-based selection")
    FIXED_BUDGET = "fixed_budget", _("selection under a fixed budget")
    LEAST_COST = "least_cost", _("least-cost selection")


class ServiceKind(models.TextChoices):
    STRATEGY = "strategy", _("development strategy or programme")
    TARIFF = "tariff", _("tariff calculation")
    MONITORING = "monitoring", _("monitoring and evaluation system")
    SERVICE_DESIGN = "service_design", _("organizing or improving a local service")
    BUDGET = "budget", _("budget transparency and public hearings")
    ENTERPRISE = "enterprise", _("setting up a municipal enterprise")
    TRAINING = "training", _("training of municipal staff")
    OTHER = "other", _("other consulting services")


class Eligibility(models.TextChoices):
    CERTIFIED = "certified", _("certified network members only")
    REGISTERED = "registered", _("any registered consultant")


class TenderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("accepting bids")
    CLOSED = "closed", _("closed for bids")
    OPENED = "opened", _("bids opened")
    EVALUATED = "evaluated", _("evaluated")
    AWARD_PENDING = "award_pending", _("award pending (standstill)")
    AWARDED = "awarded", _("awarded")
    CONTRACT_SIGNED = "contract_signed", _("contract signed")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
    UNSUCCESSFUL = "unsuccessful", _("unsuccessful")


# States in which the tender is public (everything but a draft).
PUBLIC_STATES = [s for s in TenderStatus.values if s != TenderStatus.DRAFT]
# States in which bids have been opened: the sealed rule no longer applies.
OPENED_STATES = [
    TenderStatus.OPENED,
    TenderStatus.EVALUATED,
    TenderStatus.AWARD_PENDING,
    TenderStatus.AWARDED,
    TenderStatus.CONTRACT_SIGNED,
    TenderStatus.COMPLETED,
]
CANCELLABLE_STATES = [
    TenderStatus.DRAFT,
    TenderStatus.PUBLISHED,
    TenderStatus.CLOSED,
    TenderStatus.OPENED,
    TenderStatus.EVALUATED,
    TenderStatus.AWARD_PENDING,
    TenderStatus.AWARDED,
]


class CancelReason(models.TextChoices):
    NO_LONGER_NEEDED = "no_longer_needed", _("the service is no longer needed")
    NO_FUNDS = "no_funds", _("the budget is no longer available")
    CHANGED_REQUIREMENTS = (
        "changed_requirements",
        _("the requirements changed substantially"),
    )
    IRREGULARITY = "irregularity", _("an irregularity in the procedure")
    COMPLAINT = "complaint", _("a complaint was upheld")
    OTHER = "other", _("other reason")


def _works_for(user, municipality_ref: str):
    """EXISTS (the user is confirmed staff of the municipality): no join, no
    duplicates."""
    return models.Exists(
        StaffMembership.objects.confirmed().filter(
            user_id=user.pk, municipality_id=models.OuterRef(municipality_ref)
        )
    )


class TenderQuerySet(models.QuerySet):
    def public(self):
        # a draft cancelled before publication never becomes public
        return self.filter(status__in=PUBLIC_STATES, published_at__isnull=False)

    def for_region(self, code):
        """Tenders of a region's municipalities or with work in the region."""
        work_there = Tender.regions.through.objects.filter(
            tender=models.OuterRef("pk"), region_id=code
        )
        return self.filter(
            Q(municipality__region_id=code) | Q(models.Exists(work_there))
        )

    def managed_by(self, user):
        """Tenders the user runs: those of the municipality the user works for."""
        if not (user.is_authenticated and user.is_municipal_staff):
            return self.none()
        return self.filter(_works_for(user, "municipality_id"))

    def visible_to(self, user):
        """Published tenders for everyone; drafts for their municipality's staff."""
        if user.is_authenticated and user.is_municipal_staff:
            return self.filter(
                Q(status__in=PUBLIC_STATES, published_at__isnull=False)
                | Q(_works_for(user, "municipality_id"))
            )
        return self.public()

    def for_listing(self):
        return self.select_related("municipality__region").prefetch_related(
            "regions", "expertise_areas"
        )

    def due_for_closing(self, now=None):
        return self.filter(
            status=TenderStatus.PUBLISHED,
            submission_deadline__lte=now or timezone.now(),
        )


def tender_document_path(instance, filename):
    return f"procurement/tenders/{instance.tender_id}/{uuid.uuid4().hex}"


class Tender(models.Model):
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
        max_length=16,
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
    state_notice_number = models.CharField(
        _("notice number on the state procurement portal"), max_length=40, blank=True
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
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
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
                | (
                    Q(published_at__isnull=False)
                    & Q(submission_deadline__isnull=False)
                    & Q(opening_at__isnull=False)
                ),
                name="tender_published_has_dates",
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
            # the public list's other filters
            models.Index(fields=["procurement_method", "status"]),
            models.Index(fields=["selection_method", "status"]),
            models.Index(fields=["estimated_budget"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:tender-detail", args=[self.pk])

    # ------------------------------------------------------------ properties
    @property
    def ocid(self) -> str:
        return f"{settings.OCDS_OCID_PREFIX}{self.pk}"

    @property
    def financial_weight(self) -> int:
        return 100 - self.technical_weight

    @property
    def region(self):
        return self.municipality.region

    @property
    def is_sealed(self) -> bool:
        """Bids stay sealed until the opening."""
        return self.status not in OPENED_STATES

    @property
    def minimum_bids(self) -> int:
        if self.procurement_method == ProcurementMethod.SINGLE_SOURCE:
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

    def eligibility_problem(self, consultant):
        """Why this consultant may not bid, or None. A read: the network
        status is judged as of now from the certificate dates, so a
        certificate past its date no longer counts even before the daily
        expiry task has recorded it."""
        status = Certificate.objects.network_status_as_of(consultant)
        if status == NetworkStatus.SUSPENDED:
            return _("A suspended member cannot bid.")
        if self.eligibility == Eligibility.CERTIFIED:
            if status != NetworkStatus.CERTIFIED:
                return _("Only certified network members may bid on this tender.")
        elif status not in (NetworkStatus.PROVISIONAL, NetworkStatus.CERTIFIED):
            return _("Only registered network members may bid.")
        if self.terms_of_reference_authors.filter(pk=consultant.pk).exists():
            return _(
                "You worked on the terms of reference of this tender, so you "
                "cannot bid on it (conflict of interest)."
            )
        return None

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


class TenderDocument(models.Model):
    """Terms of reference and other tender documents: public once published."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=tender_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("tender document")
        verbose_name_plural = _("tender documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:document-download", args=[self.pk])


class Amendment(models.Model):
    """A change to a published tender, in the change log everyone can read."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    summary = models.TextField(_("what changed and why"))
    changes = models.JSONField(_("changed fields"), default=dict)
    old_submission_deadline = models.DateTimeField(_("previous deadline"))
    new_submission_deadline = models.DateTimeField(_("new deadline"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    made_at = models.DateTimeField(_("amended"), default=timezone.now)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "number"], name="amendment_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.tender_id} #{self.number}"


class Question(models.Model):
    """A consultant's question; the answer is published without the asker."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="questions"
    )
    asked_by = models.ForeignKey(
        Consultant,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asked by"),
    )
    text = models.TextField(_("question"), max_length=4000)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="question_answered_has_text",
            )
        ]

    def __str__(self):
        return self.text[:60]

    def answer_with(self, text: str, *, by) -> None:
        if self.answered_at:
            raise DomainError(_("This question has already been answered."))
        if not (text or "").strip():
            raise DomainError(_("Write the answer."))
        self.answer = text.strip()
        self.answered_at = timezone.now()
        self.answered_by = by
        self.save()


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("bid status", "submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("bid status", "withdrawn")


class BidQuerySet(models.QuerySet):
    @staticmethod
    def valid_q(prefix: str = "") -> Q:
        """Bids that count: submitted and, after an amendment, confirmed. As a
        Q (with a lookup prefix such as "bids__") for annotations."""
        return Q(
            **{
                f"{prefix}status": BidStatus.SUBMITTED,
                f"{prefix}needs_confirmation": False,
            }
        )

    def valid(self):
        return self.filter(self.valid_q())

    def ranked(self):
        return self.valid().order_by(
            models.F("rank").asc(nulls_last=True), "submitted_at"
        )

    def of(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(consultant__user=user)

    def readable_by(self, user):
        """The sealed rule: before opening a bid is readable by its bidder only;
        after opening also by the municipality's staff, the academy and the
        coordinators of the municipality's region."""
        if not user.is_authenticated:
            return self.none()
        opened = Q(tender__status__in=OPENED_STATES)
        allowed = Q(consultant__user=user)
        if user.is_municipal_staff:
            allowed |= opened & Q(_works_for(user, "tender__municipality_id"))
        elif user.is_academy_admin:
            allowed |= opened
        elif user.is_coordinator:
            coordinates = Region.coordinators.through.objects.filter(
                region_id=models.OuterRef("tender__municipality__region_id"),
                user_id=user.pk,
            )
            allowed |= opened & Q(models.Exists(coordinates))
        return self.filter(allowed)


class Bid(models.Model):
    """A consultant's bid. The price and files are encrypted until opening."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="bids")
    consultant = models.ForeignKey(
        Consultant,
        on_delete=models.PROTECT,
        related_name="bids",
        verbose_name=_("consultant"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BidStatus.choices,
        default=BidStatus.SUBMITTED,
    )
    technical_proposal = models.TextField(_("technical proposal"))
    proposed_team = models.TextField(
        _("proposed team"),
        help_text=_("One person a line: name, role in the assignment, experience."),
    )
    conflict_of_interest_declared = models.BooleanField(
        _("no conflict of interest declared"), default=False
    )
    conflict_of_interest_note = models.TextField(
        _("circumstances to disclose"), blank=True
    )
    # Ciphertext of the financial offer until opening; the plain price after.
    sealed_price = models.BinaryField(_("sealed financial offer"), null=True)
    price = models.DecimalField(
        _("financial offer, KGS"), null=True, blank=True, **MONEY
    )
    needs_confirmation = models.BooleanField(
        _("must be confirmed after an amendment"), default=False
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    technical_score = models.DecimalField(
        _("technical score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    financial_score = models.DecimalField(
        _("financial score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    combined_score = models.DecimalField(
        _("combined score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    qualified = models.BooleanField(_("qualified"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    objects = BidQuerySet.as_manager()

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "consultant"], name="bid_one_per_consultant"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gt=0),
                name="bid_price_positive",
            ),
            models.CheckConstraint(
                condition=Q(sealed_price__isnull=False) | Q(price__isnull=False),
                name="bid_has_financial_offer",
            ),
            models.CheckConstraint(
                condition=Q(conflict_of_interest_declared=True),
                name="bid_conflict_declared",
            ),
        ]
        indexes = [models.Index(fields=["tender", "status"])]

    def __str__(self):
        return _("Bid %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("procurement:bid-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == BidStatus.SUBMITTED


class BidFile(models.Model):
    """A file of a bid, stored encrypted (Fernet) in the default storage."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("technical proposal")
        CV = "cv", _("CV of a team member")
        FINANCIAL = "financial", _("financial offer")

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("encrypted file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("bid file")
        verbose_name_plural = _("bid files")
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("procurement:bidfile-download", args=[self.pk])


class ReceiptKind(models.TextChoices):
    SUBMITTED = "submitted", _("bid submitted")
    UPDATED = "updated", _("bid changed")
    CONFIRMED = "confirmed", _("bid confirmed after an amendment")
    WITHDRAWN = "withdrawn", _("bid withdrawn")


class BidReceiptQuerySet(models.QuerySet):
    def of_bidder(self, user):
        """Receipts, their salts and documents are the bidder's alone."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(bid__consultant__user=user)


class BidReceipt(models.Model):
    """Proof for the bidder: what was submitted and when, on the server's clock.

    The digest is HMAC-SHA256 of the receipt document (the canonical JSON of
    the bid as submitted) keyed with a random 32-byte salt. Salt and document
    are stored sealed, so a database dump cannot test guessed prices against
    the digest; the bidder gets both and checks the digest offline. Receipts
    issued before salting have no document: their digest is SHA-256 of the
    salt followed by the earlier digest (migration 0004)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="receipts")
    kind = models.CharField(_("kind"), max_length=16, choices=ReceiptKind.choices)
    digest = models.CharField(_("SHA-256 digest"), max_length=64)
    sealed_salt = models.BinaryField(_("sealed salt"), editable=False)
    sealed_document = models.BinaryField(
        _("sealed receipt document"), editable=False, blank=True, default=b""
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = BidReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("bid receipt")
        verbose_name_plural = _("bid receipts")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M:%S}"

    def get_absolute_url(self):
        return reverse("procurement:bidreceipt-document", args=[self.pk])

    @property
    def is_legacy(self) -> bool:
        """Issued before salted receipts: no document to check against."""
        return not bytes(self.sealed_document)

    def salt_hex(self) -> str:
        """The unsealed salt, for the bidder's eyes only."""
        return crypto.decrypt(self.sealed_salt).hex()

    def document(self) -> bytes:
        """The unsealed receipt document (b"" for a legacy receipt)."""
        return b"" if self.is_legacy else crypto.decrypt(self.sealed_document)


class TechnicalScore(models.Model):
    """The committee's score of one bid on one criterion (0–100)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("technical score")
        verbose_name_plural = _("technical scores")
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion"], name="score_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="score_range"
            ),
        ]

    def __str__(self):
        return f"{self.bid_id}/{self.criterion_id}: {self.score}"


class AwardStatus(models.TextChoices):
    PENDING = "pending", _("intention to award (standstill)")
    FINAL = "final", _("final")


class Award(models.Model):
    """The award of a tender to one bid; one award per tender (database rule).
    An award annulled after an upheld complaint is deleted and logged in the
    complaint's answer."""

    tender = models.OneToOneField(
        Tender, on_delete=models.PROTECT, related_name="award"
    )
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    amount = models.DecimalField(_("amount, KGS"), **MONEY)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AwardStatus.choices,
        default=AwardStatus.PENDING,
    )
    notified_at = models.DateTimeField(_("notice of intention to award"))
    standstill_ends_at = models.DateTimeField(_("standstill period ends"))
    final_at = models.DateTimeField(_("final"), null=True, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="award_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(standstill_ends_at__gt=models.F("notified_at")),
                name="award_standstill_after_notice",
            ),
        ]
        indexes = [models.Index(fields=["status", "standstill_ends_at"])]

    def __str__(self):
        return f"{self.tender} → {self.bid.consultant}"

    def in_standstill(self, now=None) -> bool:
        return self.status == AwardStatus.PENDING and (
            (now or timezone.now()) < self.standstill_ends_at
        )


class ComplaintDecision(models.TextChoices):
    REJECTED = "rejected", _("rejected: the award stands")
    UPHELD = "upheld", _("upheld: the award is reconsidered")


class Complaint(models.Model):
    """A bidder's complaint during the standstill period."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="complaints"
    )
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="complaints")
    text = models.TextField(_("complaint"), max_length=8000)
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=16, choices=ComplaintDecision.choices, blank=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["filed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | (~Q(answer="") & ~Q(decision="")),
                name="complaint_answer_complete",
            )
        ]

    def __str__(self):
        return _("Complaint %(number)s") % {"number": self.pk}

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class Contract(models.Model):
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

    def __str__(self):
        return self.title
