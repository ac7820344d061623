from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from consultants.access import can_answer_rating
from consultants.models import ConsultantRating, RatedWork

register = template.Library()


@register.inclusion_tag("procurement/includes/consultant_ratings.html")
def consultant_ratings(consultant, user=None):
    """Ratings of a member's completed work (contracts after a tender and
    direct consultations), each with its comment and the member's answer;
    the figures come from the member's row. The rated member gets an answer
    form under each rating not answered yet. Two queries."""
    from procurement.models import Contract

    ratings = list(ConsultantRating.objects.for_profile(consultant))
    contract_ids = [r.work_id for r in ratings if r.work == RatedWork.CONTRACT]
    tenders = (
        {
            contract.pk: contract.tender
            for contract in Contract.objects.filter(pk__in=contract_ids).select_related(
                "tender"
            )
        }
        if contract_ids
        else {}
    )
    for rating in ratings:
        rating.tender = (
            tenders.get(rating.work_id) if rating.work == RatedWork.CONTRACT else None
        )
        rating.can_answer = user is not None and can_answer_rating(user, rating)
    return {"consultant": consultant, "ratings": ratings}


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
