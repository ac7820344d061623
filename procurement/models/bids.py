"""Sealed bids; their encrypted files and the bidder's receipts are in
bid_files.py."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from municipalities.models import Region
from portal.errors import DomainError

from .. import crypto
from ..fields import SealedTextField
from .choices import (
    MONEY,
    OPENED_STATES,
    BidStatus,
    EnvelopeState,
    ReceiptKind,
    TenderStatus,
)
from .pipeline import BIDDER, Move, Pipeline
from .tender_queries import works_for
from .tenders import Tender


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

    def active(self):
        """Submitted and not withdrawn, whether confirmed or not."""
        return self.filter(status=BidStatus.SUBMITTED)

    def ranked(self):
        return self.valid().order_by(
            models.F("rank").asc(nulls_last=True), "submitted_at"
        )

    def of(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(consultant__user=user)

    def readable_by(self, user):
        """The sealed rule for the technical envelope: before the technical
        opening a bid is readable by its bidder only; after it also by the
        municipality's staff, the academy and the coordinators of the
        municipality's region, and by committee members who have declared no
        conflict of interest (a member who has not declared reads none)."""
        if not user.is_authenticated:
            return self.none()
        from .evaluation import CommitteeMember

        opened = Q(tender__status__in=OPENED_STATES)
        seat = CommitteeMember.objects.filter(
            tender_id=models.OuterRef("tender_id"), user_id=user.pk
        )
        declared = opened & Q(models.Exists(seat.filter(declared_at__isnull=False)))
        undeclared = Q(models.Exists(seat.filter(declared_at__isnull=True)))
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
        allowed = (allowed & ~undeclared) | declared | Q(consultant__user=user)
        return self.filter(allowed)


class Bid(Pipeline, models.Model):
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
    # The technical envelope: its texts are sealed at rest (SealedTextField)
    # and readable only as procurement.access allows (the bidder; after the
    # technical opening those who oversee the tender and the committee).
    technical_proposal = SealedTextField(_("technical proposal"))
    proposed_team = SealedTextField(
        _("proposed team"),
        help_text=_("One person a line: name, role in the assignment, experience."),
    )
    conflict_of_interest_declared = models.BooleanField(
        _("no conflict of interest declared"), default=False
    )
    conflict_of_interest_note = SealedTextField(
        _("circumstances to disclose"), blank=True, default=""
    )
    # The financial envelope: the ciphertext of the offer until its opening,
    # the plain price after. A disqualified bid's offer is never decrypted.
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
    disqualification_reason = models.TextField(
        _("reason for disqualification"), blank=True
    )
    financial_returned_at = models.DateTimeField(
        _("financial envelope returned unopened"), null=True, blank=True
    )

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
            # a returned financial envelope was never opened
            models.CheckConstraint(
                condition=Q(financial_returned_at__isnull=True)
                | Q(price__isnull=True, qualified=False),
                name="bid_returned_envelope_unopened",
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

    @staticmethod
    def offer_problem(price):
        """Why a financial offer cannot be taken, or None: the rule of the
        bid form, the API and bid_submit. Sealed, the offer is out of the
        database's reach; opened, bid_price_positive holds it."""
        if price is None or price <= 0:
            return _("The financial offer must be a positive amount.")
        return None

    def complaint_problem(self, now=None):
        """Why this bid's bidder may not complain now, or None: a valid bid
        complains while the award is pending, within its standstill."""
        if not self.is_active:
            return _("Only a bidder can complain.")
        award = getattr(self.tender, "award", None)
        if not (
            self.tender.status == TenderStatus.AWARD_PENDING
            and award is not None
            and award.in_standstill(now)
        ):
            return _("Complaints are accepted only during the standstill.")
        return None

    # ----------------------------------------------------------- transitions
    def roles_of(self, user, now=None) -> set:
        return {BIDDER} if self.consultant.user_id == user.pk else set()

    def _tender_accepts_bids(self, now=None):
        if not self.tender.accepts_bids(now):
            return _("The submission deadline has passed; no bids accepted.")
        return None

    def _withdrawal_open(self, now=None):
        if not self.tender.accepts_bids(now):
            return _("After the submission deadline a bid cannot be withdrawn.")
        return None

    def _awaits_confirmation(self, now=None):
        refusal = self._tender_accepts_bids(now)
        if refusal is None and not self.needs_confirmation:
            refusal = BID_TRANSITIONS["confirm"].refusal
        return refusal

    def record_submission(
        self,
        *,
        technical_proposal: str,
        proposed_team: str,
        conflict_of_interest_note: str,
        sealed_price: bytes,
        now,
    ) -> str:
        """Take the content of a submission (a new bid, a withdrawn bid
        submitted again, a confirmation after an amendment or a change) and
        return the kind of receipt it earns. The caller saves, under the
        tender's row lock, after checking eligibility."""
        if self._state.adding:  # a new bid starts submitted: no move
            refusal = self._tender_accepts_bids(now)
            if refusal is not None:
                raise DomainError(refusal)
            kind = ReceiptKind.SUBMITTED
        elif self.status == BidStatus.WITHDRAWN:
            self._apply("resubmit", now)
            kind = ReceiptKind.SUBMITTED
        elif self.needs_confirmation:
            self._apply("confirm", now)
            kind = ReceiptKind.CONFIRMED
        else:
            self._apply("change", now)
            kind = ReceiptKind.UPDATED
        self.status = BidStatus.SUBMITTED
        self.technical_proposal = technical_proposal.strip()
        self.proposed_team = proposed_team.strip()
        self.conflict_of_interest_declared = True
        self.conflict_of_interest_note = conflict_of_interest_note.strip()
        self.sealed_price = sealed_price
        self.price = None
        self.needs_confirmation = False
        self.submitted_at = now
        self.withdrawn_at = None
        return kind

    def withdraw(self, *, now) -> None:
        """Submitted → withdrawn, before the submission deadline; the bid can
        be submitted again until then."""
        self._apply("withdraw", now)
        self.withdrawn_at = now
        self.save(update_fields=["status", "withdrawn_at"])

    @property
    def financial_envelope_opened(self) -> bool:
        return self.price is not None

    @property
    def financial_envelope(self) -> EnvelopeState:
        """Sealed, opened, or returned unopened (technically disqualified)."""
        if self.financial_returned_at is not None:
            return EnvelopeState.RETURNED
        return EnvelopeState.OPENED if self.price is not None else EnvelopeState.SEALED

    def open_offer(self) -> None:
        """At the financial opening, for a technically qualified bid: the
        sealed financial offer becomes the plain price (not a move of the
        status: a bid stays submitted)."""
        if self.qualified is False:
            raise DomainError(
                _("The financial envelope of a disqualified bid stays sealed.")
            )
        self.price = crypto.unseal_price(self.sealed_price)
        self.sealed_price = None
        self.save(update_fields=["price", "sealed_price"])


_withdrawn = _("This bid has already been withdrawn.")

# The bid's pipeline: every move the bidder makes, all before the deadline.
BID_TRANSITIONS = {
    "change": Move(
        frozenset({BidStatus.SUBMITTED}),
        BidStatus.SUBMITTED,
        BIDDER,
        _withdrawn,
        guard="_tender_accepts_bids",
    ),
    "confirm": Move(
        frozenset({BidStatus.SUBMITTED}),
        BidStatus.SUBMITTED,
        BIDDER,
        _("This bid does not need to be confirmed."),
        guard="_awaits_confirmation",
    ),
    "withdraw": Move(
        frozenset({BidStatus.SUBMITTED}),
        BidStatus.WITHDRAWN,
        BIDDER,
        _withdrawn,
        guard="_withdrawal_open",
    ),
    "resubmit": Move(
        frozenset({BidStatus.WITHDRAWN}),
        BidStatus.SUBMITTED,
        BIDDER,
        _("You have already submitted a bid for this tender."),
        guard="_tender_accepts_bids",
    ),
}
Bid.transitions = BID_TRANSITIONS
