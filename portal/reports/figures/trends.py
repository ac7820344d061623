"""Quarter by quarter: each headline figure for the quarters of the trend,
one query per kind of record whatever the number of quarters."""

from django.db.models import Count

from consultants.models import NetworkStatus, StatusChange
from procurement.models import Award
from trainings.models import Certificate

from ..periods import Period
from .flags import any_flag_q
from .network import consultants_of
from .tenders import tenders_of
from .trainings import trainings_of

SERIES = [
    "tenders_published",
    "awards",
    "flagged",
    "new_members",
    "certificates",
    "trainings",
]


def trends(period, code) -> dict:
    """{"quarters": [Period…], series: [count per quarter]…}."""
    quarters = period.trend_quarters()
    everything = Period(period.kind, quarters[0].start, quarters[-1].end)

    def count(queryset, condition):
        counts = queryset.aggregate(
            **{
                f"q{i}": Count("id", filter=condition(q))
                for i, q in enumerate(quarters)
            }
        )
        return [counts[f"q{i}"] for i in range(len(quarters))]

    tenders = tenders_of(code)
    tender_counts = tenders.aggregate(
        **{
            f"published{i}": Count("id", filter=q.datetime_q("published_at"))
            for i, q in enumerate(quarters)
        },
        **{
            f"flagged{i}": Count("id", filter=any_flag_q(q))
            for i, q in enumerate(quarters)
        },
    )
    awards = Award.objects.filter(
        everything.datetime_q("notified_at"), tender__in=tenders.values("pk")
    )
    consultants = consultants_of(code).values("pk")
    accepted = StatusChange.objects.filter(
        everything.datetime_q("changed_at"),
        old_status=NetworkStatus.APPLICANT,
        new_status=NetworkStatus.PROVISIONAL,
        consultant__in=consultants,
    )
    certificates = Certificate.objects.filter(everything.date_q("issued_on"))
    if code:
        certificates = certificates.filter(consultant__home_region_id=code)
    return {
        "quarters": quarters,
        "tenders_published": [
            tender_counts[f"published{i}"] for i in range(len(quarters))
        ],
        "flagged": [tender_counts[f"flagged{i}"] for i in range(len(quarters))],
        "awards": count(awards, lambda q: q.datetime_q("notified_at")),
        "new_members": count(accepted, lambda q: q.datetime_q("changed_at")),
        "certificates": count(certificates, lambda q: q.date_q("issued_on")),
        "trainings": count(
            trainings_of(everything, code), lambda q: q.date_q("start_date")
        ),
    }
