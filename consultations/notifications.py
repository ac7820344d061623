"""Who hears of consultation requests (registered with portal.notifications in
ConsultationsConfig.ready()). Every topic is about the recipient (a request
addressed to them, an answer to their request, a decision on their offer), so
it is sent whatever their alert choices."""

from django.db.models import Case, CharField, Value, When
from django.urls import reverse

from municipalities.models import MembershipStatus
from portal.accounts.models import Role, User
from portal.notifications.registry import Topic, register

from .models import ConsultationRequest, MunicipalityRating, Recipient, Reply


def _request(payload: dict) -> dict | None:
    found = (
        ConsultationRequest.objects.select_related(
            "municipality", "expertise_area", "chosen__consultant"
        )
        .filter(pk=payload["request_id"])
        .first()
    )
    if found is None:
        return None
    context = {"request": found}
    if payload.get("recipient_id"):
        context["recipient"] = (
            Recipient.objects.select_related("consultant")
            .filter(pk=payload["recipient_id"])
            .first()
        )
    if payload.get("rating_id"):
        context["rating"] = MunicipalityRating.objects.filter(
            pk=payload["rating_id"]
        ).first()
    return context


def _path(context) -> str:
    return reverse("consultations:request-detail", args=[context["request"].pk])


def _members(payload, context, *, answered_only=False):
    """The accounts of the members the request was sent to."""
    rows = Recipient.objects.filter(request=context["request"])
    if answered_only:
        rows = rows.exclude(reply=Reply.PENDING)
    return User.objects.filter(is_active=True, consultant__in=rows.values("consultant"))


def _staff(payload, context):
    """The municipality's confirmed staff."""
    return User.objects.filter(
        is_active=True,
        role=Role.MUNICIPAL_STAFF,
        staff_membership__municipality=context["request"].municipality_id,
        staff_membership__status=MembershipStatus.CONFIRMED,
    )


def _agreed_recipients(payload, context):
    """Every member who answered: the chosen one (audience "chosen") and the
    others ("other")."""
    chosen = context["request"].chosen
    chosen_user = chosen.consultant.user_id if chosen else None
    return _members(payload, context, answered_only=True).annotate(
        audience=Case(
            When(pk=chosen_user, then=Value("chosen")),
            default=Value("other"),
            output_field=CharField(),
        )
    )


def _topic(name, template, recipients):
    register(
        Topic(
            name=name,
            template=f"consultations/notifications/{template}",
            context=_request,
            recipients=recipients,
            path=_path,
            transactional=True,
        )
    )


_topic("consultation.sent", "sent", _members)
_topic("consultation.answered", "answered", _staff)
_topic("consultation.agreed", "agreed", _agreed_recipients)
_topic("consultation.cancelled", "cancelled", _members)
_topic("consultation.municipality_rated", "municipality_rated", _staff)
