from django import template

register = template.Library()


@register.inclusion_tag("procurement/includes/consultant_ratings.html")
def consultant_ratings(consultant):
    """Ratings of a consultant's completed contracts, for the profile page."""
    from django.db.models import Avg

    from procurement.models import Contract

    contracts = list(
        Contract.objects.filter(
            award__bid__consultant=consultant, completed_at__isnull=False
        )
        .select_related("tender__municipality")
        .order_by("-completed_at")
    )
    average = None
    if contracts:
        average = Contract.objects.filter(pk__in=[c.pk for c in contracts]).aggregate(
            value=Avg("rating")
        )["value"]
    return {"contracts": contracts, "average": average}
