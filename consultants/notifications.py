"""Who hears of applications, decisions and withdrawals (registered with
portal.notifications in ConsultantsConfig.ready())."""

from django.db.models import Case, Q, Value, When
from django.urls import reverse

from portal.accounts.models import Role, User
from portal.notifications.registry import Topic, register

from .models import Consultant, ConsultantRating, NetworkStatus


def _consultant(payload: dict) -> dict | None:
    consultant = (
        Consultant.objects.select_related("home_region", "user")
        .filter(pk=payload["consultant_id"])
        .first()
    )
    return {"consultant": consultant} if consultant else None


def _academy_admins():
    return User.objects.filter(role=Role.ACADEMY_ADMIN)


register(
    Topic(
        name="consultant.applied",
        template="consultants/notifications/applied",
        context=_consultant,
        recipients=lambda payload, context: _academy_admins(),
        path=lambda context: reverse(
            "consultants:application-detail", args=[context["consultant"].pk]
        ),
        # the academy's work, not an alert they could turn off
        transactional=True,
    )
)


def _decision(payload: dict) -> dict | None:
    """The decision the event announces (the applicant may have applied again
    since); events queued without it read the row."""
    context = _consultant(payload)
    if context is None:
        return None
    consultant = context["consultant"]
    context["declined"] = payload.get(
        "declined", consultant.status == NetworkStatus.DECLINED
    )
    context["reason"] = payload.get("decision_reason", consultant.decision_reason)
    return context


register(
    Topic(
        name="consultant.decided",
        template="consultants/notifications/decided",
        context=_decision,
        recipients=lambda payload, context: User.objects.filter(
            consultant=context["consultant"]
        ),
        path=lambda context: reverse("consultants:consultant-mine"),
        transactional=True,
    )
)


def _withdrawn_recipients(payload, context):
    consultant = context["consultant"]
    return User.objects.filter(
        Q(consultant=consultant) | Q(role=Role.ACADEMY_ADMIN)
    ).annotate(
        audience=Case(
            When(consultant=consultant, then=Value("member")),
            default=Value("academy"),
        )
    )


register(
    Topic(
        name="consultant.withdrawn",
        template="consultants/notifications/withdrawn",
        context=_consultant,
        recipients=_withdrawn_recipients,
        path=lambda context: context["consultant"].get_absolute_url(),
        transactional=True,
    )
)


def _rating(payload: dict) -> dict | None:
    rating = (
        ConsultantRating.objects.select_related("consultant", "municipality")
        .filter(pk=payload["rating_id"])
        .first()
    )
    return {"rating": rating, "consultant": rating.consultant} if rating else None


register(
    Topic(
        name="consultant.rated",
        template="consultants/notifications/rated",
        context=_rating,
        recipients=lambda payload, context: User.objects.filter(
            consultant=context["consultant"]
        ),
        path=lambda context: context["consultant"].get_absolute_url(),
        transactional=True,
    )
)
