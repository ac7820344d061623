from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

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


@register.filter
def time_left(deadline, now=None):
    """ "12 days left", "5 hours left", "less than an hour left" until a
    deadline, or "" once it has passed: the one wording of a countdown on
    every tender page (plural forms from the catalogues)."""
    if not deadline:
        return ""
    remaining = deadline - (now or timezone.now())
    if remaining.total_seconds() <= 0:
        return ""
    if remaining.days >= 1:
        days = remaining.days
        return ngettext("%(count)d day left", "%(count)d days left", days) % {
            "count": days
        }
    hours = int(remaining.total_seconds() // 3600)
    if hours >= 1:
        return ngettext("%(count)d hour left", "%(count)d hours left", hours) % {
            "count": hours
        }
    return gettext("less than an hour left")
