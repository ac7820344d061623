"""The award, the standstill period and the bidders' complaints."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.errors import DomainError

from ..models import (
    Award,
    AwardStatus,
    Bid,
    Complaint,
    ComplaintDecision,
    Tender,
    TenderStatus,
)
from .common import bidder_users, locked, notify, staff_users


@transaction.atomic
def tender_award(*, tender: Tender, by, now=None) -> Award:
    """Notice of intention to award to the first-ranked bid; the standstill
    period (PROCUREMENT_STANDSTILL_DAYS) starts and every bidder is told."""
    now = now or timezone.now()
    tender = locked(tender)
    if tender.status != TenderStatus.EVALUATED:
        raise DomainError(_("Only an evaluated tender can be awarded."))
    winner = tender.bids.valid().filter(rank=1, qualified=True).first()
    if winner is None:
        raise DomainError(
            _("No bid qualified: cancel the tender or evaluate it again.")
        )
    try:
        with transaction.atomic():
            award = Award.objects.create(
                tender=tender,
                bid=winner,
                amount=winner.price,
                notified_at=now,
                standstill_ends_at=now
                + timedelta(days=settings.PROCUREMENT_STANDSTILL_DAYS),
                awarded_by=by,
            )
    except IntegrityError as exc:
        raise DomainError(_("This tender has already been awarded.")) from exc
    tender.start_standstill()
    notify(
        bidder_users(tender, tender.bids.valid()),
        "award_intention",
        {"tender": tender, "award": award, "winner": winner.consultant},
        region_code=tender.municipality.region_id,
    )
    return award


@transaction.atomic
def complaint_file(*, bid: Bid, consultant: Consultant, text: str) -> Complaint:
    """A bidder complains during the standstill period."""
    tender = locked(bid.tender)
    if bid.consultant_id != consultant.pk or not bid.is_active:
        raise DomainError(_("Only a bidder can complain."))
    award = getattr(tender, "award", None)
    if tender.status != TenderStatus.AWARD_PENDING or not award.in_standstill():
        raise DomainError(_("Complaints are accepted only during the standstill."))
    if not (text or "").strip():
        raise DomainError(_("Write the complaint."))
    complaint = Complaint.objects.create(tender=tender, bid=bid, text=text.strip())
    notify(
        staff_users(tender),
        "complaint_filed",
        {"tender": tender, "complaint": complaint},
        region_code=tender.municipality.region_id,
    )
    return complaint


@transaction.atomic
def complaint_answer(
    *, complaint: Complaint, by, decision: str, answer: str
) -> Complaint:
    """The municipality answers; an upheld complaint annuls the pending award
    and the tender goes back to evaluation."""
    tender = locked(complaint.tender)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open:
        raise DomainError(_("This complaint has already been answered."))
    if decision not in ComplaintDecision.values:
        raise DomainError(_("Choose the decision."))
    if not (answer or "").strip():
        raise DomainError(_("Write the answer."))
    complaint.decision = decision
    complaint.answer = answer.strip()
    complaint.answered_at = timezone.now()
    complaint.answered_by = by
    complaint.save()
    if decision == ComplaintDecision.UPHELD and tender.status in (
        TenderStatus.AWARD_PENDING,
    ):
        Award.objects.filter(tender=tender).delete()
        tender.reopen_evaluation()
    notify(
        [complaint.bid.consultant.user],
        "complaint_answered",
        {"tender": tender, "complaint": complaint},
        region_code=tender.municipality.region_id,
    )
    return complaint


@transaction.atomic
def award_finalize(*, tender: Tender, now=None) -> bool:
    """After the standstill, with every complaint answered, the award is final."""
    now = now or timezone.now()
    tender = locked(tender)
    award = Award.objects.filter(tender=tender).first()
    if (
        tender.status != TenderStatus.AWARD_PENDING
        or award is None
        or now < award.standstill_ends_at
        or tender.complaints.filter(answered_at__isnull=True).exists()
    ):
        return False
    award.status = AwardStatus.FINAL
    award.final_at = now
    award.save(update_fields=["status", "final_at"])
    tender.finalize_award()
    return True
