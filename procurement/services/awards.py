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
    Bid,
    Complaint,
    Tender,
)
from .common import announce, locked


@transaction.atomic
def tender_award(*, tender: Tender, by, now=None) -> Award:
    """Notice of intention to award to the first-ranked bid; the standstill
    period (PROCUREMENT_STANDSTILL_DAYS) starts and every bidder is told."""
    now = now or timezone.now()
    tender = locked(tender)
    tender.ensure_allowed("award")
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
    announce("tender.award_intended", tender, award_id=award.pk)
    return award


@transaction.atomic
def complaint_file(*, bid: Bid, consultant: Consultant, text: str) -> Complaint:
    """A bidder complains during the standstill period."""
    tender = locked(bid.tender)
    if bid.consultant_id != consultant.pk:
        raise DomainError(_("Only a bidder can complain."))
    bid.tender = tender
    problem = bid.complaint_problem()
    if problem:
        raise DomainError(problem)
    if not (text or "").strip():
        raise DomainError(_("Write the complaint."))
    complaint = Complaint.objects.create(tender=tender, bid=bid, text=text.strip())
    announce("tender.complaint_filed", tender, complaint_id=complaint.pk)
    return complaint


@transaction.atomic
def complaint_answer(
    *, complaint: Complaint, by, decision: str, answer: str
) -> Complaint:
    """The municipality answers; an upheld complaint annuls the pending award
    and the tender goes back to evaluation."""
    tender = locked(complaint.tender)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.decide(decision=decision, answer=answer, by=by)
    if complaint.is_upheld and tender.can("reconsider"):
        Award.objects.filter(tender=tender).delete()
        tender.reopen_evaluation()
    announce("tender.complaint_answered", tender, complaint_id=complaint.pk)
    return complaint


@transaction.atomic
def award_finalize(*, tender: Tender, now=None) -> bool:
    """After the standstill, with every complaint answered, the award is final."""
    now = now or timezone.now()
    tender = locked(tender)
    award = Award.objects.filter(tender=tender).first()
    if award is None or not (tender.can("finalize") and award.can("finalize", now)):
        return False
    award.finalize(now=now)
    tender.finalize_award()
    announce("tender.award_final", tender, award_id=award.pk)
    return True
