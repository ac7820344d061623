"""The network in a region: members by status, kind and expertise area; the
applications decided in the period and how long they waited."""

from django.db.models import Count, Exists, F, Min, OuterRef, Q

from consultants.models import (
    MEMBER_STATUSES,
    Consultant,
    ConsultantKind,
    ExpertiseArea,
    NetworkStatus,
    StatusChange,
)

from .sql import Days, Median

SHOWN_STATUSES = [
    NetworkStatus.APPLICANT,
    NetworkStatus.PROVISIONAL,
    NetworkStatus.CERTIFIED,
    NetworkStatus.SUSPENDED,
    NetworkStatus.WITHDRAWN,
]


def consultants_of(code):
    """Consultants based in the region or serving it (all: the country)."""
    consultants = Consultant.objects.all()
    return consultants.for_region(code) if code else consultants


def _applied_through_portal():
    # members loaded from the 2022 list never applied: they are not
    # applications received
    went_through = StatusChange.objects.filter(
        consultant=OuterRef("pk"), old_status=NetworkStatus.APPLICANT
    )
    return Q(status__in=[NetworkStatus.APPLICANT, NetworkStatus.DECLINED]) | Q(
        Exists(went_through)
    )


def network(period, code) -> dict:
    consultants = consultants_of(code)
    member = Q(status__in=MEMBER_STATUSES)
    elsewhere = {}
    if code:
        elsewhere["from_elsewhere"] = Count(
            "id", filter=member & ~Q(home_region_id=code)
        )
    counts = consultants.aggregate(
        members=Count("id", filter=member),
        **elsewhere,
        applications=Count(
            "id", filter=period.datetime_q("created_at") & _applied_through_portal()
        ),
        waiting=Count("id", filter=Q(status=NetworkStatus.APPLICANT)),
        waiting_since=Min("created_at", filter=Q(status=NetworkStatus.APPLICANT)),
        **{
            f"status_{status}": Count("id", filter=Q(status=status))
            for status in SHOWN_STATUSES
        },
        **{
            f"kind_{kind}": Count("id", filter=member & Q(kind=kind))
            for kind in ConsultantKind.values
        },
    )
    decisions = StatusChange.objects.filter(
        period.datetime_q("changed_at"),
        old_status=NetworkStatus.APPLICANT,
        new_status__in=[NetworkStatus.PROVISIONAL, NetworkStatus.DECLINED],
        consultant__in=consultants.values("pk"),
    ).aggregate(
        accepted=Count("id", filter=Q(new_status=NetworkStatus.PROVISIONAL)),
        declined=Count("id", filter=Q(new_status=NetworkStatus.DECLINED)),
        median_wait=Median(Days(F("changed_at") - F("consultant__created_at"))),
    )
    members = consultants.filter(member).values("pk")
    areas = list(
        ExpertiseArea.objects.annotate(
            members=Count("consultants", filter=Q(consultants__in=members)),
            certified=Count(
                "consultants",
                filter=Q(
                    consultants__in=members,
                    consultants__status=NetworkStatus.CERTIFIED,
                ),
            ),
        ).order_by("sort_order", "code")
    )
    counts.setdefault("from_elsewhere", None)
    return {
        **counts,
        **decisions,
        "by_status": [
            (status, counts[f"status_{status}"]) for status in SHOWN_STATUSES
        ],
        "by_kind": [(kind, counts[f"kind_{kind}"]) for kind in ConsultantKind.values],
        "areas": areas,
    }


def members_from_elsewhere(code):
    """Members based in another region who serve this one."""
    return (
        Consultant.objects.for_region(code)
        .filter(status__in=MEMBER_STATUSES)
        .exclude(home_region_id=code)
        .select_related("home_region")
        .order_by("name_ky", "id")
    )
