"""Every precomputed figure of a report, read at once (bundle_sql.py) and
handed out as the dicts the live figures (portal/reports/figures) give:
one statement for the figures, one for the trainings of the period, and the
expertise areas (cached until one changes) instead of a query a figure."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from consultants.models import ConsultantKind, NetworkStatus
from portal.expressions import AnyOf
from trainings.models import Training

from ..figures.flags import RED_FLAGS
from ..figures.network import SHOWN_STATUSES
from ..figures.sql import share
from ..figures.trainings import EXPIRY_WARNING_DAYS
from ..models import NATIONAL_SCOPE
from .areas import expertise_areas
from .bundle_sql import REPORT_SQL
from .specs import DAILY_FLAGS

FLAGGED_EVENTS = [f"flag:{code}" for code in DAILY_FLAGS]
CHECKED = [f"checked:{code}" for code in [*DAILY_FLAGS, "repeat_winner"]]
PERIOD_FIGURES = [
    "applications",
    "decision:provisional",
    "decision:declined",
    "certificates",
    "certificate:suspended",
    "certificate:revoked",
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
    *CHECKED,
]
SNAPSHOT_FIGURES = [
    "members",
    "from_elsewhere",
    "municipalities",
    "served",
    "certificates_suspended",
    *[f"status:{status}" for status in NetworkStatus.values],
    *[f"kind:{kind}" for kind in ConsultantKind.values],
]
REGION_FIGURES = ["members", "municipalities", "served"]
EVENT_FIGURES = [*FLAGGED_EVENTS, "amendment", "complaint", "decision", "award"]
TREND_FIGURES = {
    "tenders_published": "published",
    "awards": "awards",
    "new_members": "decision:provisional",
    "certificates": "certificates",
}
PERIOD = "period"  # the bucket of the report's period (the others: quarters)
QUARTER = "quarter"


def bucket_key(start, end) -> str:
    """How the refresh names the figures it counts for a span of days."""
    return f"{start.isoformat()}/{end.isoformat()}"


def _ratio(total, count):
    return float(total) / count if count and total is not None else None


class ReportFigures:
    """The figures of one scope (None: the whole country) and period, and
    the per-region figures of `regions` (for the regions' table)."""

    def __init__(self, period, code, *, regions=(), today=None):
        self.period = period
        self.code = code
        self.scope = code or NATIONAL_SCOPE
        self.regions = list(regions)
        self.today = today or timezone.localdate()
        self.quarters = period.trend_quarters()
        self.areas = expertise_areas()
        self._read()

    # ----------------------------------------------------------------- read
    def _params(self) -> dict:
        period, quarters = self.period, self.quarters
        buckets = [(PERIOD, period.start, period.end)] + [
            (QUARTER, q.start, q.end) for q in quarters
        ]
        today = self.today
        return {
            "national": NATIONAL_SCOPE,
            "scope": self.scope,
            "regions": [region.code for region in self.regions],
            "b_names": [name for name, _start, _end in buckets],
            "b_starts": [start for _name, start, _end in buckets],
            "b_ends": [end for _name, _start, end in buckets],
            "b_keys": [bucket_key(start, end) for _name, start, end in buckets],
            "repeat_min": settings.REPORTS_REPEAT_AWARD_MIN_AWARDS,
            "repeat_share": settings.REPORTS_REPEAT_AWARD_SHARE_PERCENT,
            "flagged": FLAGGED_EVENTS,
            "now": SNAPSHOT_FIGURES
            + [f"area:{area.pk}" for area in self.areas]
            + [f"area_certified:{area.pk}" for area in self.areas],
            "region_now": REGION_FIGURES,
            "start": period.start,
            "end": period.end,
            "period": PERIOD_FIGURES,
            "p_scopes": [self.scope] * len(PERIOD_FIGURES)
            + [region.code for region in self.regions],
            "p_figures": PERIOD_FIGURES + ["published"] * len(self.regions),
            "expiry_start": today,
            "expiry_end": today + timedelta(days=EXPIRY_WARNING_DAYS),
            "trend": list(TREND_FIGURES.values()),
            "trend_start": quarters[0].start,
            "trend_end": quarters[-1].end,
            "training_start": min(period.start, quarters[0].start),
            "today": today,
            "events": EVENT_FIGURES,
        }

    def _read(self) -> None:
        self.now, self.in_period, self.expiring = {}, {}, {}
        self.by_quarter, self.events, self.any_flag = {}, {}, {}
        self.training_events, self.repeat_winners, self.as_of = [], 0, None
        self.held, self.ended = (0, 0, 0), (0, 0)
        with connection.cursor() as cursor:
            cursor.execute(REPORT_SQL, self._params())
            rows = cursor.fetchall()
        for part, scope, key, day, a, b, c, at in rows:
            if part == "now":
                self.now[scope, key] = (int(a), b)
            elif part == "period":
                self.in_period[scope, key] = (int(a), b)
            elif part == "expiring":
                self.expiring[key] = (int(a), b)
            elif part == "quarter":
                self.by_quarter[key, day] = int(a)
            elif part == "event":
                self.events[key] = (int(a), int(b), c)
            elif part == "training":
                completed = int(b) if b is not None else None
                self.training_events.append((day, int(a), completed, c))
            elif part == "held":
                self.held = (int(a), int(b), int(c))
            elif part == "ended":
                self.ended = (int(a), int(b))
            elif part == "any":
                self.any_flag[scope, key, day] = int(a)
            elif part == "repeat":
                self.repeat_winners = int(a)
            elif part == "as_of":
                self.as_of = at

    def _now(self, name, scope=None):
        return self.now.get((scope or self.scope, name), (0, None))[0]

    def _period(self, name, scope=None):
        return self.in_period.get((scope or self.scope, name), (0, None))

    def _event(self, name):
        return self.events.get(name, (0, 0, None))

    # -------------------------------------------------------------- figures
    def network(self) -> dict:
        areas = self.areas
        for area in areas:
            area.members = self._now(f"area:{area.pk}")
            area.certified = self._now(f"area_certified:{area.pk}")
        return {
            "members": self._now("members"),
            "from_elsewhere": self._now("from_elsewhere") if self.code else None,
            "applications": self._period("applications")[0],
            "accepted": self._period("decision:provisional")[0],
            "declined": self._period("decision:declined")[0],
            "median_wait": self._event("decision")[2],
            "waiting": self._now(f"status:{NetworkStatus.APPLICANT}"),
            "by_status": [
                (status, self._now(f"status:{status}")) for status in SHOWN_STATUSES
            ],
            "by_kind": [
                (kind, self._now(f"kind:{kind}")) for kind in ConsultantKind.values
            ],
            "areas": areas,
        }

    def coverage(self) -> dict:
        counts = {
            "municipalities": self._now("municipalities"),
            "served": self._now("served"),
        }
        counts["gaps"] = counts["municipalities"] - counts["served"]
        return counts

    def training_rows(self, limit: int | None = None) -> list:
        """The trainings that started in the period (the first `limit` to
        start), with their registry participants and completers as of the
        refresh: one query."""
        start, end = self.period.start, self.period.end
        counted = {
            subject: (value, completed)
            for day, subject, completed, value in self.training_events
            if start <= day <= end
        }
        rows = list(
            Training.objects.filter(AnyOf(F("pk"), list(counted)))
            .select_related("region")
            .order_by("start_date", "id")[:limit]
        )
        for training in rows:
            value, completed = counted[training.pk]
            training.registry = int(value or 0)
            training.completed = completed or 0
        return rows

    def trainings(self) -> dict:
        held, external, registry = self.held
        ended_participants, completed = self.ended
        return {
            "held": held,
            "external": external,
            "registry": registry,
            "participants": registry + external,
            "ended_participants": ended_participants,
            "completed": completed,
            "issued": self._period("certificates")[0],
            "suspended": self._period("certificate:suspended")[0],
            "revoked": self._period("certificate:revoked")[0],
            "expiring": self.expiring.get("certificate_expires", (0, None))[0],
            "suspended_now": self._now("certificates_suspended"),
        }

    def tenders(self) -> dict:
        closed, valid_bids = self._period("closed")
        rated, rating_sum = self._period("contracts_rated")
        awards, awarded_value = self._period("awards")
        return {
            "published": self._period("published")[0],
            "closed": closed,
            "awarded": self._period("awarded")[0],
            "cancelled": self._period("cancelled")[0],
            "unsuccessful": self._period("unsuccessful")[0],
            "bids_per_tender": _ratio(valid_bids or 0, closed),
            "awards": awards,
            "awarded_value": awarded_value,
            "estimated_value": self._period("awards_estimate")[1],
            "won_by_certified": self._period("awards_certified")[0],
            "median_days_to_award": self._event("award")[2],
            "completed_contracts": self._period("contracts")[0],
            "average_rating": _ratio(rating_sum, rated),
        }

    def _any_flag(self, bucket, start, scope=None) -> int:
        return self.any_flag.get((scope or self.scope, bucket, start), 0)

    def flag_counts(self) -> dict:
        counts = {
            flag: (
                self._period(f"checked:{flag}")[0],
                self._event(f"flag:{flag}")[0],
            )
            for flag in DAILY_FLAGS
        }
        counts["repeat_winner"] = (
            self._period("checked:repeat_winner")[0],
            self.repeat_winners,
        )
        for flag, figure in (
            ("late_amendment", "amendment"),
            ("complaint_upheld", "complaint"),
        ):
            counts[flag] = self._event(figure)[:2]
        return {
            "any": self._any_flag(PERIOD, self.period.start),
            "rows": [
                {
                    "flag": flag,
                    "checked": counts[flag.code][0],
                    "flagged": counts[flag.code][1],
                }
                for flag in RED_FLAGS
            ],
        }

    def trends(self) -> dict:
        quarters = self.quarters
        trend = {"quarters": quarters}
        for key, figure in TREND_FIGURES.items():
            trend[key] = [self.by_quarter.get((figure, q.start), 0) for q in quarters]
        trend["flagged"] = [self._any_flag(QUARTER, q.start) for q in quarters]
        trend["trainings"] = [
            len(
                {
                    subject
                    for day, subject, _completed, _value in self.training_events
                    if q.start <= day <= q.end
                }
            )
            for q in quarters
        ]
        return trend

    def region_figures(self) -> list[dict]:
        """For each region: members, municipalities, the share served,
        tenders published in the period and tenders raising a red flag."""
        rows = []
        for region in self.regions:
            code = region.code
            members = self._now("members", code)
            total = self._now("municipalities", code)
            served = self._now("served", code)
            rows.append(
                {
                    "region": region,
                    "members": members,
                    "municipalities": total,
                    "served": served,
                    "members_per_100": share(members, total),
                    "coverage": share(served, total),
                    "tenders": self._period("published", code)[0],
                    "flagged": self._any_flag(PERIOD, self.period.start, code),
                }
            )
        return rows
