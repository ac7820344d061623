"""The report's figures read from the precomputed tables: the same dicts the
live figures (portal/reports/figures) give, summing the rows of the
period's days for the scope (a few hundred rows a figure), so a report's
cost does not grow with the tenders, bids and consultants."""

from datetime import timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncQuarter

from consultants.models import ConsultantKind, ExpertiseArea, NetworkStatus
from municipalities.models import Municipality
from trainings.models import Training

from ..figures.coverage import GAP_ORDERINGS, municipalities_of
from ..figures.network import SHOWN_STATUSES
from ..figures.sql import share
from ..figures.trainings import EXPIRY_WARNING_DAYS
from ..models import Figure, FigureEvent
from ..periods import Period
from .flags import any_flag_counts
from .rows import _days, _events, _median, scope_of, sums


# ------------------------------------------------------------------ network
def network(period, code) -> dict:
    snapshot_names = (
        ["members", "from_elsewhere", f"status:{NetworkStatus.APPLICANT}"]
        + [f"status:{status}" for status in SHOWN_STATUSES]
        + [f"kind:{kind}" for kind in ConsultantKind.values]
    )
    areas = list(ExpertiseArea.objects.order_by("sort_order", "code"))
    snapshot_names += [f"area:{area.pk}" for area in areas]
    snapshot_names += [f"area_certified:{area.pk}" for area in areas]
    now = sums(code, snapshot_names)
    decided = sums(
        code,
        ["applications", "decision:provisional", "decision:declined"],
        period,
    )
    for area in areas:
        area.members = now[f"area:{area.pk}"][0]
        area.certified = now[f"area_certified:{area.pk}"][0]
    return {
        "members": now["members"][0],
        "from_elsewhere": now["from_elsewhere"][0] if code else None,
        "applications": decided["applications"][0],
        "accepted": decided["decision:provisional"][0],
        "declined": decided["decision:declined"][0],
        "median_wait": _median(code, "decision", period),
        "waiting": now[f"status:{NetworkStatus.APPLICANT}"][0],
        "by_status": [
            (status, now[f"status:{status}"][0]) for status in SHOWN_STATUSES
        ],
        "by_kind": [(kind, now[f"kind:{kind}"][0]) for kind in ConsultantKind.values],
        "areas": areas,
    }


# ----------------------------------------------------------------- coverage
def coverage(code) -> dict:
    now = sums(code, ["municipalities", "served"])
    counts = {"municipalities": now["municipalities"][0], "served": now["served"][0]}
    counts["gaps"] = counts["municipalities"] - counts["served"]
    return counts


def coverage_gaps(code, ordering: str = "name"):
    """The municipalities nobody served at the refresh, in the live list's
    orders (figures.coverage.GAP_ORDERINGS)."""
    gaps = FigureEvent.objects.filter(
        scope=scope_of(code), figure="gap", day__isnull=True
    ).values("subject")
    order = GAP_ORDERINGS.get(ordering, GAP_ORDERINGS["name"])
    return (
        municipalities_of(code)
        .filter(pk__in=gaps)
        .select_related("region", "district")
        .order_by(*order)
    )


def is_gap(municipality: Municipality) -> bool:
    return FigureEvent.objects.filter(
        scope=municipality.region_id, figure="gap", subject=municipality.pk
    ).exists()


# ---------------------------------------------------------------- trainings
def training_rows(period, code) -> list:
    """The trainings that started in the period, with their registry
    participants and completers as of the refresh."""
    counted = {
        row["subject"]: row
        for row in _events(code, "training", period).values(
            "subject", "value", "group_a"
        )
    }
    trainings = list(
        Training.objects.filter(pk__in=list(counted))
        .select_related("region")
        .order_by("start_date", "id")
    )
    for training in trainings:
        training.registry = int(counted[training.pk]["value"] or 0)
        training.completed = counted[training.pk]["group_a"] or 0
    return trainings


def trainings(period, code, today) -> dict:
    """Trainings held and their completion (judged for trainings that are
    over), and certificates."""
    held = training_rows(period, code)
    ended = [training for training in held if training.end_date < today]
    registry = sum(training.registry for training in held)
    external = sum(training.external_participant_count or 0 for training in held)
    figures = {
        "held": len(held),
        "external": external,
        "registry": registry,
        "participants": registry + external,
        "ended_participants": sum(training.registry for training in ended),
        "completed": sum(training.completed for training in ended),
    }
    got = sums(
        code,
        ["certificates", "certificate:suspended", "certificate:revoked"],
        period,
    )
    expiring = sums(
        code,
        ["certificate_expires"],
        start=today,
        end=today + timedelta(days=EXPIRY_WARNING_DAYS),
    )
    figures.update(
        issued=got["certificates"][0],
        suspended=got["certificate:suspended"][0],
        revoked=got["certificate:revoked"][0],
        expiring=expiring["certificate_expires"][0],
        suspended_now=sums(code, ["certificates_suspended"])["certificates_suspended"][
            0
        ],
    )
    return figures


# ------------------------------------------------------------------ tenders
def _ratio(total, count):
    return float(total) / count if count and total is not None else None


def tenders(period, code) -> dict:
    got = sums(
        code,
        [
            "published",
            "closed",
            "awarded",
            "cancelled",
            "unsuccessful",
            "awards",
            "awards_estimate",
            "awards_certified",
            "contracts",
            "contracts_rated",
        ],
        period,
    )
    closed, valid_bids = got["closed"]
    rated, rating_sum = got["contracts_rated"]
    return {
        "published": got["published"][0],
        "closed": closed,
        "awarded": got["awarded"][0],
        "cancelled": got["cancelled"][0],
        "unsuccessful": got["unsuccessful"][0],
        "bids_per_tender": _ratio(valid_bids or 0, closed),
        "awards": got["awards"][0],
        "awarded_value": got["awards"][1],
        "estimated_value": got["awards_estimate"][1],
        "won_by_certified": got["awards_certified"][0],
        "median_days_to_award": _median(code, "award", period),
        "completed_contracts": got["contracts"][0],
        "average_rating": _ratio(rating_sum, rated),
    }


# ------------------------------------------------------------------- trends
TREND_FIGURES = {
    "tenders_published": "published",
    "awards": "awards",
    "new_members": "decision:provisional",
    "certificates": "certificates",
}


def trends(period, code) -> dict:
    """The trend's quarters, summed from the days; trainings counted live."""
    quarters = period.trend_quarters()
    rows = (
        Figure.objects.filter(
            scope=scope_of(code),
            figure__in=list(TREND_FIGURES.values()),
            day__gte=quarters[0].start,
            day__lte=quarters[-1].end,
        )
        .annotate(quarter=TruncQuarter("day"))
        .values("figure", "quarter")
        .annotate(n=Sum("n"))
    )
    found = {(row["figure"], row["quarter"]): row["n"] for row in rows}
    trend = {"quarters": quarters}
    for key, figure in TREND_FIGURES.items():
        trend[key] = [found.get((figure, q.start), 0) for q in quarters]
    scope = scope_of(code)
    trend["flagged"] = [any_flag_counts(q, [scope])[scope] for q in quarters]
    everything = Period(period.kind, quarters[0].start, quarters[-1].end)
    held = (
        _events(code, "training", everything)
        .annotate(quarter=TruncQuarter("day"))
        .values("quarter")
        .annotate(n=Count("subject", distinct=True))
        .order_by()
    )
    held = {row["quarter"]: row["n"] for row in held}
    trend["trainings"] = [held.get(q.start, 0) for q in quarters]
    return trend


# ------------------------------------------------------------------ regions
def region_figures(period, regions) -> list[dict]:
    """For each region: members, municipalities, the share served, tenders
    published in the period and tenders raising a red flag."""
    codes = [region.code for region in regions]
    now = {
        (row["scope"], row["figure"]): row["n"]
        for row in Figure.objects.filter(
            scope__in=codes,
            figure__in=["members", "municipalities", "served"],
            day__isnull=True,
        ).values("scope", "figure", "n")
    }
    published = {
        row["scope"]: row["n"]
        for row in Figure.objects.filter(
            scope__in=codes, figure="published", **_days(period)
        )
        .values("scope")
        .annotate(n=Sum("n"))
    }
    flagged = any_flag_counts(period, codes)
    rows = []
    for region in regions:
        members = now.get((region.code, "members"), 0)
        total = now.get((region.code, "municipalities"), 0)
        served = now.get((region.code, "served"), 0)
        rows.append(
            {
                "region": region,
                "members": members,
                "municipalities": total,
                "served": served,
                "members_per_100": share(members, total),
                "coverage": share(served, total),
                "tenders": published.get(region.code, 0),
                "flagged": flagged[region.code],
            }
        )
    return rows
