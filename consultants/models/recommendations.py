"""Members who could help a municipality: the ranking, computed in the
database (one query), behind ``Consultant.objects.recommended_for()``.

Who is a candidate (an index-driven set, never a scan of every member):

* with expertise areas asked for: members with one of those areas among
  their expertise areas (the expertise M2M's index) or certified for one of
  them (``certified_areas``' GIN index);
* without: members serving the municipality's district or region, or based
  in its region (the M2M indexes and ``home_region``'s);

and of them only active members (provisional or certified) who take work:
"not taking work" leaves a member out; "busy until" a day not yet passed
ranks them lower.

The score (the weights are the constants below)::

    score = EXPERTISE × (areas asked for that the member has ÷ areas asked for)
          + DISTRICT  × serves the municipality's district
          + REGION    × serves its region or is based there
          + CERTIFIED × holds a certificate in force for an area asked for
                        (without areas: for any area)
          + CONTRACT  × min(completed contracts, CONTRACTS_CAP)
          + RATING    × (rating − 1) ÷ 4
          − BUSY      × busy now

where ``rating`` is the Bayesian average of the member's ratings,
``(PRIOR_COUNT × PRIOR + n × average) ÷ (PRIOR_COUNT + n)``: a member with
few ratings is pulled towards PRIOR, so one 5★ (3.75) does not beat twenty
4.8★ (4.54), and a member never rated counts as PRIOR. Ties go to the
better rating, then to the older row (id), so the order is stable.
"""

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least
from django.utils import timezone

from .statuses import NetworkStatus
from .trust import Availability

EXPERTISE_WEIGHT = 30.0
DISTRICT_WEIGHT = 25.0
REGION_WEIGHT = 15.0
CERTIFIED_WEIGHT = 20.0
CONTRACT_WEIGHT = 1.5
CONTRACTS_CAP = 10
RATING_WEIGHT = 20.0
RATING_PRIOR = 3.5
RATING_PRIOR_COUNT = 5
BUSY_PENALTY = 30.0
RECOMMENDED_SHOWN = 10

# active members: a suspended member is not recommended
RECOMMENDED_STATUSES = (NetworkStatus.PROVISIONAL, NetworkStatus.CERTIFIED)


def _points(condition, weight: float):
    return Case(When(condition, then=Value(weight)), default=Value(0.0))


def _flag(condition):
    return ExpressionWrapper(condition, output_field=models.BooleanField())


class RecommendationQuerySet(models.QuerySet):
    """The ranking of members who could help (mixed into ConsultantQuerySet)."""

    def _candidate_ids(self, municipality, codes):
        """The ids of the candidates, as one UNION of index scans."""
        model = self.model
        if codes:
            by_area = model.expertise_areas.through.objects.filter(
                expertisearea__code__in=codes
            ).values("consultant_id")
            by_certificate = model.objects.filter(
                certified_areas__overlap=codes
            ).values("id")
            return by_area.union(by_certificate)
        region = municipality.region_id
        serving = model.regions_served.through.objects.filter(region_id=region).values(
            "consultant_id"
        )
        based = model.objects.filter(home_region_id=region).values("id")
        ids = serving.union(based)
        if municipality.district_id:
            ids = ids.union(
                model.districts_served.through.objects.filter(
                    district_id=municipality.district_id
                ).values("consultant_id")
            )
        return ids

    def recommended_for(
        self, *, municipality, expertise_codes=(), today=None, limit=None
    ):
        """Members who could help `municipality` with `expertise_codes` (codes
        of expertise areas; none: any), best first, each annotated with its
        ``score``, ``rating_score`` (the Bayesian average) and the reasons:
        ``expertise_matches`` (how many of the areas asked for),
        ``serves_district``, ``serves_region``, ``based_in_region``,
        ``certified``, ``busy``. The formula is the module's docstring.
        `limit` (default RECOMMENDED_SHOWN) cuts the list; 0 keeps it whole."""
        today = today or timezone.localdate()
        codes = sorted({code for code in expertise_codes if code})
        model = self.model
        region = municipality.region_id
        district = municipality.district_id

        matches = (
            model.expertise_areas.through.objects.filter(
                consultant_id=OuterRef("pk"), expertisearea__code__in=codes
            )
            .order_by()
            .values("consultant_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        serves_region = Q(home_region_id=region) | Exists(
            model.regions_served.through.objects.filter(
                consultant_id=OuterRef("pk"), region_id=region
            )
        )
        if district:
            serves_district = Exists(
                model.districts_served.through.objects.filter(
                    consultant_id=OuterRef("pk"), district_id=district
                )
            )
        else:
            serves_district = Value(False)
        certified = (
            Q(certified_areas__overlap=codes) if codes else ~Q(certified_areas=[])
        )
        busy = Q(availability=Availability.BUSY, busy_until__gte=today)
        rating_score = (
            Value(RATING_PRIOR * RATING_PRIOR_COUNT)
            + Cast("rating_count", FloatField())
            * Coalesce(Cast("rating_average", FloatField()), Value(0.0))
        ) / (Value(float(RATING_PRIOR_COUNT)) + Cast("rating_count", FloatField()))

        qs = (
            self.filter(
                status__in=RECOMMENDED_STATUSES,
                pk__in=self._candidate_ids(municipality, codes),
            )
            .exclude(availability=Availability.NOT_TAKING)
            .annotate(
                expertise_matches=(
                    Coalesce(Subquery(matches), Value(0)) if codes else Value(0)
                ),
                serves_district=_flag(serves_district)
                if district
                else Value(False, output_field=models.BooleanField()),
                serves_region=_flag(serves_region),
                based_in_region=_flag(Q(home_region_id=region)),
                certified=_flag(certified),
                busy=_flag(busy),
                rating_score=ExpressionWrapper(rating_score, output_field=FloatField()),
            )
        )
        expertise_points = (
            Value(EXPERTISE_WEIGHT)
            * Cast("expertise_matches", FloatField())
            / Value(float(len(codes)))
            if codes
            else Value(0.0)
        )
        qs = qs.annotate(
            score=ExpressionWrapper(
                expertise_points
                + _points(Q(serves_district=True), DISTRICT_WEIGHT)
                + _points(Q(serves_region=True), REGION_WEIGHT)
                + _points(Q(certified=True), CERTIFIED_WEIGHT)
                + Value(CONTRACT_WEIGHT)
                * Cast(
                    Least(F("completed_contracts"), Value(CONTRACTS_CAP)),
                    FloatField(),
                )
                + Value(RATING_WEIGHT) * (F("rating_score") - Value(1.0)) / Value(4.0)
                - _points(Q(busy=True), BUSY_PENALTY),
                output_field=FloatField(),
            )
        ).order_by("-score", "-rating_score", "id")
        limit = RECOMMENDED_SHOWN if limit is None else limit
        return qs[:limit] if limit else qs
