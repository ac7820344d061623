"""Sealed bids, their encrypted files and the bidder's receipts."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from municipalities.models import Region

from .. import crypto
from .choices import (
    MONEY,
    OPENED_STATES,
    BidStatus,
    ReceiptKind,
)
from .tenders import Tender, works_for


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
            allowed |= opened & Q(works_for(user, "tender__municipality_id"))
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
