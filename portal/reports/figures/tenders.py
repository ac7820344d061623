"""Tenders of a region in the period: how many were published, closed,
awarded, cancelled or unsuccessful; competition, prices, speed, ratings."""

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from procurement.models import (
    Award,
    Bid,
    Contract,
    ProcurementMethod,
    Tender,
    TenderStatus,
)
from trainings.models import Certificate, CertificateStatus

from .sql import Days, LocalDate, Median


def tenders_of(code):
    """Public tenders of the region's municipalities or with work there."""
    tenders = Tender.objects.public()
    return tenders.for_region(code) if code else tenders


def valid_bid_count():
    """Subquery: the number of bids that count, for the outer tender."""
    bids = (
        Bid.objects.filter(tender=OuterRef("pk"))
        .valid()
        .order_by()
        .values("tender")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(bids, output_field=IntegerField()), 0)


def closed_q(period, now=None) -> Q:
    """Tenders whose submission deadline passed in the period, unless they
    were cancelled before it."""
    now = now or timezone.now()
    return (
        period.datetime_q("submission_deadline")
        & Q(submission_deadline__lte=now)
        & ~Q(status=TenderStatus.CANCELLED, cancelled_at__lte=F("submission_deadline"))
    )


def competitive_q() -> Q:
    return ~Q(procurement_method=ProcurementMethod.SINGLE_SOURCE)


def certified_on_award_date():
    """The winner held a certificate valid on the day of the award (revoked
    certificates never count)."""
    day = LocalDate(OuterRef("notified_at"))
    return Exists(
        Certificate.objects.filter(
            consultant=OuterRef("bid__consultant_id"),
            issued_on__lte=day,
            expires_on__gte=day,
        ).exclude(status=CertificateStatus.REVOKED)
    )


def tenders(period, code) -> dict:
    base = tenders_of(code)
    figures = base.aggregate(
        published=Count("id", filter=period.datetime_q("published_at")),
        closed=Count("id", filter=closed_q(period)),
        awarded=Count("id", filter=period.datetime_q("award__notified_at")),
        cancelled=Count("id", filter=period.datetime_q("cancelled_at")),
        unsuccessful=Count(
            "id",
            filter=Q(status=TenderStatus.UNSUCCESSFUL)
            & period.datetime_q("status_changed_at"),
        ),
    )
    figures["bids_per_tender"] = (
        base.filter(closed_q(period))
        .annotate(valid_bids=valid_bid_count())
        .aggregate(average=Avg("valid_bids"))["average"]
    )
    figures.update(
        Award.objects.filter(
            period.datetime_q("notified_at"), tender__in=base.values("pk")
        ).aggregate(
            awards=Count("id"),
            awarded_value=Sum("amount"),
            estimated_value=Sum("tender__estimated_budget"),
            won_by_certified=Count("id", filter=Q(certified_on_award_date())),
            median_days_to_award=Median(
                Days(F("notified_at") - F("tender__published_at"))
            ),
        )
    )
    figures.update(
        Contract.objects.filter(
            period.datetime_q("completed_at"), tender__in=base.values("pk")
        ).aggregate(completed_contracts=Count("id"), average_rating=Avg("rating"))
    )
    return figures
