from django import template

from trainings.models import Certificate, Participant

register = template.Library()


def _may_see_history(user, consultant) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_academy_admin or consultant.user_id == user.pk:
        return True
    return (
        user.is_coordinator
        and user.coordinated_regions.filter(code=consultant.home_region_id).exists()
    )


@register.inclusion_tag("trainings/includes/training_history.html", takes_context=True)
def consultant_training_history(context, consultant):
    """A consultant's trainings and certificates on the profile page: for the
    consultant, academy administrators and the region's coordinators."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not _may_see_history(user, consultant):
        return {"show": False}
    # a pure read: a certificate past its date shows as expired from its
    # dates (effective_status) until the daily task records the expiry
    return {
        "show": True,
        "consultant": consultant,
        "is_admin": user.is_academy_admin,
        "is_holder": consultant.user_id == user.pk,
        "participations": Participant.objects.history_of(consultant),
        "certificates": Certificate.objects.of_holder(consultant),
    }
