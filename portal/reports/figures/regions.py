"""Figures per region for the map and the overview table: a query per
region shown (at most the nine regions) plus one for the municipalities."""

from django.db.models import Count

from consultants.models import MEMBER_STATUSES, Consultant
from municipalities.models import Municipality

from .coverage import served_q
from .flags import any_flag_q
from .sql import share
from .tenders import tenders_of

MAP_FIGURES = ["members_per_100", "coverage", "tenders", "flagged"]


def region_figures(period, regions) -> list[dict]:
    """For each region: members, municipalities, the share served, tenders
    published in the period and tenders raising a red flag."""
    codes = [region.code for region in regions]
    municipalities = {
        row["region_id"]: row
        for row in Municipality.objects.filter(region_id__in=codes)
        .order_by()
        .values("region_id")
        .annotate(total=Count("id"), served=Count("id", filter=served_q()))
    }
    rows = []
    for region in regions:
        members = (
            Consultant.objects.for_region(region.code)
            .filter(status__in=MEMBER_STATUSES)
            .count()
        )
        tenders = tenders_of(region.code).aggregate(
            published=Count("id", filter=period.datetime_q("published_at")),
            flagged=Count("id", filter=any_flag_q(period)),
        )
        places = municipalities.get(region.code, {"total": 0, "served": 0})
        rows.append(
            {
                "region": region,
                "members": members,
                "municipalities": places["total"],
                "served": places["served"],
                "members_per_100": share(members, places["total"]),
                "coverage": share(places["served"], places["total"]),
                "tenders": tenders["published"],
                "flagged": tenders["flagged"],
            }
        )
    return rows
