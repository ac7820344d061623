"""Records for report tests, written as they stand after the workflows
(dates in the past, any state), so that each figure can be counted by hand."""

from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone

from consultants.models import StatusChange
from municipalities.models import District
from procurement.models import (
    Amendment,
    Award,
    AwardStatus,
    Bid,
    BidStatus,
    Complaint,
    Contract,
    Tender,
)
from tests.municipalities.factories import MunicipalityFactory
from tests.procurement.factories import TenderFactory
from trainings.models import Certificate, CertificateEvent


def at(day: str, hour: int = 10) -> datetime:
    """An aware Bishkek time on an ISO day."""
    return timezone.make_aware(
        datetime.combine(datetime.fromisoformat(day).date(), time(hour))
    )


def district(region: str, name_ky: str) -> District:
    return District.objects.get(region_id=region, name_ky=name_ky)


def municipality(region: str, district_name: str = "", **kwargs):
    return MunicipalityFactory(
        region_id=region,
        district=district(region, district_name) if district_name else None,
        **kwargs,
    )


def tender(
    municipality,
    *,
    published: str,
    deadline: str,
    status: str = "published",
    budget: str = "100000",
    regions=(),
    **fields,
) -> Tender:
    """A public tender with the given dates and state."""
    deadline_at = at(deadline)
    made = TenderFactory(
        municipality=municipality,
        estimated_budget=Decimal(budget),
        questions_deadline=deadline_at - timezone.timedelta(days=1),
        submission_deadline=deadline_at,
        opening_at=deadline_at + timezone.timedelta(hours=1),
        **fields,
    )
    Tender.objects.filter(pk=made.pk).update(
        status=status, published_at=at(published), status_changed_at=at(published)
    )
    made.refresh_from_db()
    if regions:
        made.regions.add(*regions)
    return made


def bid(tender, consultant, price: str, *, qualified=True, rank=None, **fields):
    return Bid.objects.create(
        tender=tender,
        consultant=consultant,
        technical_proposal="Методология",
        proposed_team="Команда",
        conflict_of_interest_declared=True,
        price=Decimal(price),
        qualified=qualified,
        rank=rank,
        **fields,
    )


def withdrawn_bid(tender, consultant, price: str):
    return bid(tender, consultant, price, status=BidStatus.WITHDRAWN)


def award(bid, *, notified: str, amount: str | None = None, final=True) -> Award:
    return Award.objects.create(
        tender=bid.tender,
        bid=bid,
        amount=Decimal(amount) if amount else bid.price,
        status=AwardStatus.FINAL if final else AwardStatus.PENDING,
        notified_at=at(notified),
        standstill_ends_at=at(notified) + timezone.timedelta(days=10),
        final_at=at(notified) + timezone.timedelta(days=10) if final else None,
    )


def contract(award, *, completed: str | None = None, rating=None) -> Contract:
    day = award.notified_at.date()
    return Contract.objects.create(
        tender=award.tender,
        award=award,
        amount=award.amount,
        signed_on=day,
        starts_on=day,
        ends_on=day + timezone.timedelta(days=60),
        completed_at=at(completed) if completed else None,
        rating=rating,
    )


def amendment(tender, *, made: str, old_deadline: str, number: int = 1):
    return Amendment.objects.create(
        tender=tender,
        number=number,
        summary="Өзгөртүү",
        old_submission_deadline=at(old_deadline),
        new_submission_deadline=at(old_deadline) + timezone.timedelta(days=7),
        made_at=at(made),
    )


def complaint(bid, *, answered: str, decision: str) -> Complaint:
    return Complaint.objects.create(
        tender=bid.tender,
        bid=bid,
        consultant=bid.consultant,
        text="Даттануу",
        filed_at=at(answered) - timezone.timedelta(days=2),
        decision=decision,
        answer="Жооп",
        effect="reevaluate" if decision == "upheld" else "none",
        answered_at=at(answered),
    )


def decision(consultant, *, applied: str, decided: str, new_status: str):
    """An application made and decided on these days."""
    type(consultant).objects.filter(pk=consultant.pk).update(created_at=at(applied))
    return StatusChange.objects.create(
        consultant=consultant,
        old_status="applicant",
        new_status=new_status,
        changed_at=at(decided),
    )


def certificate(consultant, programme, *, issued: str, expires: str, **fields):
    return Certificate.objects.create(
        consultant=consultant,
        programme=programme,
        number=f"T-{consultant.pk}-{issued}",
        issued_on=datetime.fromisoformat(issued).date(),
        expires_on=datetime.fromisoformat(expires).date(),
        **fields,
    )


def certificate_event(certificate, action: str, on: str):
    return CertificateEvent.objects.create(
        certificate=certificate,
        action=action,
        new_status=action if action != "issued" else "active",
        at=at(on),
    )
