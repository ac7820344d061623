from django.db.models import Count, Q
from django.shortcuts import render

from consultants.models import PUBLIC_STATUSES, Consultant, NetworkStatus
from municipalities.models import Region


def home(request):
    """Front page: the network at a glance, by region."""
    members = Consultant.objects.public()
    totals = members.aggregate(
        members=Count("id"),
        certified=Count("id", filter=Q(status=NetworkStatus.CERTIFIED)),
        organizations=Count("id", filter=Q(kind="organization")),
    )
    regions = Region.objects.annotate(
        members=Count(
            "home_consultants",
            filter=Q(home_consultants__status__in=PUBLIC_STATUSES),
            distinct=True,
        )
    ).order_by("sort_order")
    return render(request, "home.html", {"totals": totals, "regions": regions})
