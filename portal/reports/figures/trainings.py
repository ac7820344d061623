"""Trainings held in the period and their completion; certificates issued,
suspended and revoked in the period, and those expiring soon."""

from datetime import timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from trainings.models import (
    Attendance,
    Certificate,
    CertificateEvent,
    CertificateEventAction,
    CertificateStatus,
    Participant,
    Training,
)

from .sql import DateDiff

EXPIRY_WARNING_DAYS = 90


def trainings_of(period, code):
    """Trainings that started in the period (in the region: held there)."""
    trainings = Training.objects.filter(period.date_q("start_date"))
    return trainings.for_region(code) if code else trainings


def with_completion(participants):
    """Annotate `attended` and `needed`: the completion rule of trainings
    (Participant.completed) as SQL: days attended within the training's
    dates reach the days it requires, or every day when none are set."""
    attended = (
        Attendance.objects.filter(
            participant=OuterRef("pk"),
            date__gte=OuterRef("training__start_date"),
            date__lte=OuterRef("training__end_date"),
        )
        .order_by()
        .values("participant")
        .annotate(days=Count("date", distinct=True))
        .values("days")
    )
    day_count = DateDiff(F("training__end_date"), F("training__start_date")) + 1
    return participants.annotate(
        attended=Coalesce(Subquery(attended, output_field=IntegerField()), 0),
        needed=Least(Coalesce("training__required_days", day_count), day_count),
    )


def completed_q() -> Q:
    return Q(attended__gte=F("needed"))


def training_rows(period, code):
    """Each training of the period with its participants and completers."""
    completers = (
        with_completion(Participant.objects.filter(training=OuterRef("pk")))
        .filter(completed_q())
        .order_by()
        .values("training")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        trainings_of(period, code)
        .select_related("region")
        .annotate(
            registry=Count("participants", distinct=True),
            completed=Coalesce(Subquery(completers, output_field=IntegerField()), 0),
        )
        .order_by("start_date", "id")
    )


def trainings(period, code, today=None) -> dict:
    today = today or timezone.localdate()
    figures = held_trainings(period, code, today)
    figures.update(certificate_figures(period, code, today))
    return figures


def held_trainings(period, code, today) -> dict:
    """Trainings held in the period, their participants and completion."""
    held = trainings_of(period, code)
    figures = held.aggregate(
        held=Count("id"),
        external=Coalesce(Sum("external_participant_count"), 0),
    )
    # completion is judged for trainings that are over
    ended = with_completion(
        Participant.objects.filter(
            training__in=held.values("pk"), training__end_date__lt=today
        )
    ).aggregate(
        participants=Count("id"),
        completed=Count("id", filter=completed_q()),
    )
    registry = Participant.objects.filter(training__in=held.values("pk")).count()
    figures.update(
        registry=registry,
        participants=registry + figures["external"],
        ended_participants=ended["participants"],
        completed=ended["completed"],
    )
    return figures


def certificate_figures(period, code, today) -> dict:
    """Certificates of members based in the region: issued, suspended and
    revoked in the period; expiring soon and suspended as of today."""
    figures = {}
    certificates = Certificate.objects.all()
    if code:
        certificates = certificates.filter(consultant__home_region_id=code)
    figures.update(
        certificates.aggregate(
            issued=Count("id", filter=period.date_q("issued_on")),
            expiring=Count(
                "id",
                filter=Q(
                    status=CertificateStatus.ACTIVE,
                    expires_on__gte=today,
                    expires_on__lte=today + timedelta(days=EXPIRY_WARNING_DAYS),
                ),
            ),
            suspended_now=Count("id", filter=Q(status=CertificateStatus.SUSPENDED)),
        )
    )
    events = CertificateEvent.objects.filter(period.datetime_q("at"))
    if code:
        events = events.filter(certificate__consultant__home_region_id=code)
    figures.update(
        events.aggregate(
            suspended=Count("id", filter=Q(action=CertificateEventAction.SUSPENDED)),
            revoked=Count("id", filter=Q(action=CertificateEventAction.REVOKED)),
        )
    )
    return figures
