"""Coverage: which municipalities no network member serves.

The rule (shown on the report): a municipality is served when a provisional
or certified member names its district among the districts they serve; a
municipality outside any district (a city) is served when such a member is
based in its region or names the region among the regions served."""

from django.db.models import Count, Q
from django.db.models.functions import Lower

from consultants.models import Consultant, NetworkStatus
from municipalities.models import Municipality

SERVING_STATUSES = (NetworkStatus.PROVISIONAL, NetworkStatus.CERTIFIED)

GAP_ORDERINGS = {
    # each uses an index: (region, lower(name_ky)) and (region, kind)
    "name": (Lower("name_ky"), "id"),
    "-name": (Lower("name_ky").desc(), "-id"),
    "kind": ("kind", Lower("name_ky"), "id"),
    "-kind": ("-kind", Lower("name_ky").desc(), "-id"),
    "district": ("district__name_ky", Lower("name_ky"), "id"),
    "-district": ("-district__name_ky", Lower("name_ky").desc(), "-id"),
}


def served_q() -> Q:
    """Municipalities (the outer query) that a serving member covers.

    The districts and regions covered are sets computed once per query
    (hashed subplans), not an EXISTS per municipality: that probed the
    districts served of every member, serving or not, for each of the
    country's municipalities (4 s at 100,000 consultants). None of the sets
    holds a NULL, and a city's missing district is tested first, so the
    negation (the gaps) stays exact."""
    serving = Consultant.objects.filter(status__in=SERVING_STATUSES)
    districts = Consultant.districts_served.through.objects.filter(
        consultant__status__in=SERVING_STATUSES
    ).values("district_id")
    regions_served = Consultant.regions_served.through.objects.filter(
        consultant__status__in=SERVING_STATUSES
    ).values("region_id")
    by_district = Q(district__isnull=False) & Q(district_id__in=districts)
    by_region = Q(region_id__in=serving.values("home_region_id")) | Q(
        region_id__in=regions_served
    )
    return by_district | (Q(district__isnull=True) & by_region)


def municipalities_of(code):
    municipalities = Municipality.objects.all()
    return municipalities.for_region(code) if code else municipalities


def coverage(code) -> dict:
    """As of today: municipalities, those served, and the share served."""
    counts = municipalities_of(code).aggregate(
        municipalities=Count("id"), served=Count("id", filter=served_q())
    )
    counts["gaps"] = counts["municipalities"] - counts["served"]
    return counts


def coverage_gaps(code, ordering: str = "name"):
    """The municipalities nobody serves, for the list a coordinator acts on."""
    order = GAP_ORDERINGS.get(ordering, GAP_ORDERINGS["name"])
    return (
        municipalities_of(code)
        .filter(~served_q())
        .select_related("region", "district")
        .order_by(*order)
    )
