"""The files of a sealed bid, encrypted, and the bidder's receipts."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import crypto
from ..fields import SealedTextField
from .bids import Bid
from .choices import ReceiptKind


class BidFileQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Files of the technical envelope (proposal, CVs) as the bid is
        readable; a file of the financial envelope only once that envelope
        is opened, or by the bidder."""
        readable = self.filter(bid__in=Bid.objects.readable_by(user))
        if not user.is_authenticated:
            return readable
        return readable.filter(
            ~Q(kind=BidFile.Kind.FINANCIAL)
            | Q(bid__price__isnull=False)
            | Q(bid__consultant__user=user)
        )


class SealedFile(models.Model):
    """A file of a bid or of a bid's draft, stored encrypted (Fernet) in the
    default storage."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("technical proposal")
        CV = "cv", _("CV of a team member")
        FINANCIAL = "financial", _("financial offer")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("encrypted file"), max_length=200)
    # the name says what the file is (a team member's CV, an offer): sealed
    # like the content, so neither a dump nor a logged query shows it
    original_name = SealedTextField(_("file name"))
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class BidFile(SealedFile):
    """A file of a submitted bid."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="files")

    objects = BidFileQuerySet.as_manager()

    class Meta(SealedFile.Meta):
        verbose_name = _("bid file")
        verbose_name_plural = _("bid files")

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
