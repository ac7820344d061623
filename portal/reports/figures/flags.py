"""Red flags: tender patterns worth a second look, never a verdict.

Each rule says which tenders of the period it checks and which of them it
flags, as database conditions on Tender, so that one query counts them all.
Names follow the Open Contracting Partnership's red-flag indicators (as
implemented in its Cardinal library) where one matches; thresholds are
settings (REPORTS_*)."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from procurement.models import (
    UPHOLDING,
    Amendment,
    Award,
    Bid,
    Complaint,
    SelectionMethod,
)

from .sql import Days
from .tenders import closed_q, competitive_q, tenders_of, valid_bid_count


def late_amendment_q() -> Q:
    """An amendment (the rule of the late-amendment flag) made less than
    REPORTS_LATE_AMENDMENT_DAYS before the deadline it changed."""
    days = settings.REPORTS_LATE_AMENDMENT_DAYS
    return Q(old_submission_deadline__lt=F("made_at") + timedelta(days=days))


def upheld_q() -> Q:
    """A complaint the commission upheld, at least partly."""
    return Q(decision__in=UPHOLDING)


def thresholds() -> dict:
    return {
        "short_days": settings.REPORTS_SHORT_SUBMISSION_DAYS,
        "near_percent": settings.REPORTS_NEAR_ESTIMATE_PERCENT,
        "repeat_share": settings.REPORTS_REPEAT_AWARD_SHARE_PERCENT,
        "repeat_min": settings.REPORTS_REPEAT_AWARD_MIN_AWARDS,
        "late_days": settings.REPORTS_LATE_AMENDMENT_DAYS,
    }


@dataclass(frozen=True)
class RedFlag:
    code: str
    indicator: str  # the OCP/Cardinal indicator it follows, or ""
    name: str
    rule: str  # with %(...)s placeholders from thresholds()
    detail: str  # what the number beside each flagged tender means

    def checked_q(self, period) -> Q:
        return getattr(self, f"_checked_{self.code}")(period)

    def flagged_q(self, period) -> Q:
        return self.checked_q(period) & getattr(self, f"_flagged_{self.code}")(period)

    def detail_expression(self, period):
        return getattr(self, f"_detail_{self.code}")(period)

    @property
    def rule_text(self) -> str:
        return str(self.rule) % thresholds()

    # -------------------------------------------------- single bid (R018)
    def _checked_single_bid(self, period):
        return closed_q(period) & competitive_q()

    def _flagged_single_bid(self, period):
        return Q(Exact(valid_bid_count(), 1))

    def _detail_single_bid(self, period):
        return valid_bid_count()

    # ------------------------------------- short submission period (R003)
    def _checked_short_submission(self, period):
        return period.datetime_q("published_at")

    def _flagged_short_submission(self, period):
        days = settings.REPORTS_SHORT_SUBMISSION_DAYS
        return Q(submission_deadline__lt=F("published_at") + timedelta(days=days))

    def _detail_short_submission(self, period):
        return Days(F("submission_deadline") - F("published_at"))

    # ------------------------------------ award very close to the estimate
    def _checked_near_estimate(self, period):
        return period.datetime_q("award__notified_at")

    def _flagged_near_estimate(self, period):
        margin = Decimal(str(settings.REPORTS_NEAR_ESTIMATE_PERCENT)) / 100
        return Q(
            award__amount__gte=F("estimated_budget") * (1 - margin),
            award__amount__lte=F("estimated_budget") * (1 + margin),
        )

    def _detail_near_estimate(self, period):
        return ExpressionWrapper(
            100 * F("award__amount") / F("estimated_budget"),
            output_field=DecimalField(max_digits=8, decimal_places=2),
        )

    # ------------------------------------------ repeated awards to one winner
    def _awards_in(self, period, **match):
        awards = (
            Award.objects.filter(
                notified_at__gte=period.since, notified_at__lt=period.until, **match
            )
            .order_by()
            .values("tender__municipality")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(awards, output_field=IntegerField()), 0)

    def _buyer_awards(self, period):
        return self._awards_in(period, tender__municipality=OuterRef("municipality"))

    def _pair_awards(self, period):
        return self._awards_in(
            period,
            tender__municipality=OuterRef("municipality"),
            bid__consultant=OuterRef("award__bid__consultant"),
        )

    def _checked_repeat_winner(self, period):
        return period.datetime_q("award__notified_at")

    def _flagged_repeat_winner(self, period):
        share = settings.REPORTS_REPEAT_AWARD_SHARE_PERCENT
        buyer = self._buyer_awards(period)
        return Q(
            GreaterThanOrEqual(buyer, settings.REPORTS_REPEAT_AWARD_MIN_AWARDS)
        ) & Q(GreaterThan(self._pair_awards(period) * 100, buyer * share))

    def _detail_repeat_winner(self, period):
        return ExpressionWrapper(
            100.0 * self._pair_awards(period) / self._buyer_awards(period),
            output_field=FloatField(),
        )

    # ------------------------------------------------------- late amendment
    def _amendments(self, period):
        return Amendment.objects.filter(
            tender=OuterRef("pk"),
            made_at__gte=period.since,
            made_at__lt=period.until,
        )

    def _checked_late_amendment(self, period):
        return Q(Exists(self._amendments(period)))

    def _flagged_late_amendment(self, period):
        return Q(Exists(self._amendments(period).filter(late_amendment_q())))

    def _detail_late_amendment(self, period):
        return Subquery(
            self._amendments(period)
            .order_by("old_submission_deadline")
            .annotate(
                days=Days(F("old_submission_deadline") - F("made_at")),
            )
            .values("days")[:1],
            output_field=FloatField(),
        )

    # ------------------------------------------ lowest bid not awarded (~R036)
    def _cheaper_bids(self):
        return (
            Bid.objects.filter(tender=OuterRef("pk"), qualified=True)
            .valid()
            .filter(price__lt=OuterRef("award__bid__price"))
        )

    def _checked_lowest_not_awarded(self, period):
        return period.datetime_q("award__notified_at") & Q(
            selection_method=SelectionMethod.LEAST_COST
        )

    def _flagged_lowest_not_awarded(self, period):
        return Q(Exists(self._cheaper_bids()))

    def _detail_lowest_not_awarded(self, period):
        # how many, not at what price: losing offers stay with those who may
        # read the tender's bids
        cheaper = (
            self._cheaper_bids()
            .order_by()
            .values("tender")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(cheaper, output_field=IntegerField()), 0)

    # ------------------------------------------------------ complaint upheld
    def _complaints(self, period):
        return Complaint.objects.filter(
            tender=OuterRef("pk"),
            answered_at__gte=period.since,
            answered_at__lt=period.until,
        )

    def _checked_complaint_upheld(self, period):
        return Q(Exists(self._complaints(period)))

    def _flagged_complaint_upheld(self, period):
        return Q(Exists(self._complaints(period).filter(upheld_q())))

    def _detail_complaint_upheld(self, period):
        upheld = (
            self._complaints(period)
            .filter(upheld_q())
            .order_by()
            .values("tender")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(upheld, output_field=IntegerField()), 0)


RED_FLAGS = [
    RedFlag(
        "single_bid",
        "R018",
        _("Single bid received"),
        _(
            "A competitive tender (any method but single source) whose "
            "submission deadline passed in the period received exactly one "
            "valid bid."
        ),
        _("valid bids"),
    ),
    RedFlag(
        "short_submission",
        "R003",
        _("Short submission period"),
        _(
            "A tender published in the period gave fewer than %(short_days)s "
            "days from publication to the submission deadline."
        ),
        _("days to submit"),
    ),
    RedFlag(
        "near_estimate",
        "",
        _("Award very close to the estimated price"),
        _(
            "The amount awarded in the period is within %(near_percent)s %% of "
            "the tender's estimated budget."
        ),
        _("award, percent of the estimate"),
    ),
    RedFlag(
        "repeat_winner",
        "",
        _("Repeated awards to the same consultant"),
        _(
            "A municipality made at least %(repeat_min)s awards in the period "
            "and more than %(repeat_share)s %% of them went to the same "
            "consultant."
        ),
        _("consultant's share of the municipality's awards, %"),
    ),
    RedFlag(
        "late_amendment",
        "",
        _("Late amendment"),
        _(
            "The tender was amended in the period less than %(late_days)s days "
            "before its submission deadline."
        ),
        _("days before the deadline"),
    ),
    RedFlag(
        "lowest_not_awarded",
        "R036",
        _("Lowest qualified bid not awarded"),
        _(
            "Under least-cost selection, the award made in the period did not "
            "go to the lowest-priced technically qualified bid."
        ),
        _("qualified bids cheaper than the award"),
    ),
    RedFlag(
        "complaint_upheld",
        "",
        _("Complaint upheld"),
        _("A complaint about the tender was upheld (at least partly) in the period."),
        _("complaints upheld"),
    ),
]
FLAGS_BY_CODE = {flag.code: flag for flag in RED_FLAGS}


def any_flag_q(period) -> Q:
    condition = Q()
    for flag in RED_FLAGS:
        condition |= flag.flagged_q(period)
    return condition


def flag_counts(period, code) -> dict:
    """One query: for each rule the tenders checked and flagged, and the
    tenders raising at least one flag."""
    aggregates = {"any": Count("id", filter=any_flag_q(period))}
    for flag in RED_FLAGS:
        aggregates[f"{flag.code}_checked"] = Count("id", filter=flag.checked_q(period))
        aggregates[f"{flag.code}_flagged"] = Count("id", filter=flag.flagged_q(period))
    counts = tenders_of(code).aggregate(**aggregates)
    return {
        "any": counts["any"],
        "rows": [
            {
                "flag": flag,
                "checked": counts[f"{flag.code}_checked"],
                "flagged": counts[f"{flag.code}_flagged"],
            }
            for flag in RED_FLAGS
        ],
    }


def flagged_tenders(flag: RedFlag, period, code):
    """The tenders behind a flag, with the number that raised it."""
    return (
        tenders_of(code)
        .filter(flag.flagged_q(period))
        .annotate(flag_detail=flag.detail_expression(period))
        .select_related("municipality__region")
        .order_by("-published_at", "-id")
    )
