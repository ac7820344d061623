"""The award and the standstill period."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from ..models import (
    Award,
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
def award_finalize(*, tender: Tender, now=None) -> bool:
    """After the standstill, with every complaint decided, the award is final."""
    now = now or timezone.now()
    tender = locked(tender)
    award = Award.objects.filter(tender=tender).first()
    if award is None or not (tender.can("finalize") and award.can("finalize", now)):
        return False
    award.finalize(now=now)
    tender.finalize_award()
    announce("tender.award_final", tender, award_id=award.pk)
    return True
