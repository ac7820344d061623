from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import Role, User
from portal.outbox.handlers import handles
from portal.outbox.models import Event
from portal.outbox.services import send_email

from .forms import ConsultantProfileForm
from .models import Consultant, NetworkStatus


@transaction.atomic
def consultant_apply(*, user: User, form: ConsultantProfileForm) -> Consultant:
    """Create the applicant's profile from a valid form; it stays out of the
    public registry until an academy administrator decides."""
    consultant = form.save(commit=False)
    consultant.user = user
    consultant.status = NetworkStatus.APPLICANT
    consultant.save()
    form.save_m2m()
    if user.role != Role.CONSULTANT:
        user.role = Role.CONSULTANT
        user.save(update_fields=["role", "is_staff"])
    Event.emit(
        "consultant.applied",
        {"consultant_id": consultant.pk},
        region_code=consultant.home_region_id,
    )
    return consultant


def _network_move(
    consultant: Consultant,
    name: str,
    *,
    by: User,
    reason: str = "",
    topic: str,
    **payload,
) -> Consultant:
    """Make the network-status move `name` with the consultant locked, and
    announce it (outbox topic and payload)."""
    consultant = Consultant.objects.select_for_update().get(pk=consultant.pk)
    consultant.transition(name, by=by, reason=reason)
    Event.emit(
        topic,
        {"consultant_id": consultant.pk, **payload},
        region_code=consultant.home_region_id,
    )
    return consultant


@transaction.atomic
def application_accept(*, consultant: Consultant, by: User) -> None:
    """Admit an applicant as a provisional member; the applicant is mailed."""
    _network_move(
        consultant, "accept", by=by, topic="consultant.decided", declined=False
    )


@transaction.atomic
def application_decline(*, consultant: Consultant, by: User, reason: str) -> None:
    """Refuse an application with the reason the applicant is mailed."""
    _network_move(
        consultant,
        "decline",
        by=by,
        reason=reason,
        topic="consultant.decided",
        declined=True,
        decision_reason=reason,
    )


@transaction.atomic
def application_resubmit(*, consultant: Consultant, by: User) -> None:
    """A declined applicant applies again; the academy is mailed."""
    _network_move(consultant, "resubmit", by=by, topic="consultant.applied")


def _render_email(*, to: list[str], template: str, context: dict) -> dict:
    """Render an email in the active language, as an email.send payload."""
    return {
        "to": to,
        "subject": " ".join(
            render_to_string(f"{template}_subject.txt", context).split()
        ),
        "body": render_to_string(f"{template}_message.txt", context),
    }


@handles("consultant.decided")
def notify_applicant(payload: dict) -> None:
    consultant = Consultant.objects.select_related("user").get(
        pk=payload["consultant_id"]
    )
    if not consultant.user:
        return
    language = consultant.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        payload = _render_email(
            to=[consultant.user.email],
            template="consultants/email/decision",
            context={
                "consultant": consultant,
                # the decision the event announces (the applicant may have
                # applied again since); events queued without it read the row
                "declined": payload.get(
                    "declined", consultant.status == NetworkStatus.DECLINED
                ),
                "reason": payload.get("decision_reason", consultant.decision_reason),
                "url": settings.PORTAL_SITE_URL
                + reverse("consultants:consultant-mine"),
            },
        )
    send_email(payload)


@handles("consultant.applied")
def notify_academy(payload: dict) -> None:
    consultant = Consultant.objects.get(pk=payload["consultant_id"])
    admins = User.objects.filter(role=Role.ACADEMY_ADMIN, is_active=True)
    # one email event per administrator, so that a failed delivery is retried
    # for that person alone
    for admin in admins:
        with translation.override(admin.preferred_language or settings.LANGUAGE_CODE):
            Event.emit(
                "email.send",
                _render_email(
                    to=[admin.email],
                    template="consultants/email/application",
                    context={
                        "consultant": consultant,
                        "url": settings.PORTAL_SITE_URL
                        + reverse(
                            "consultants:application-detail", args=[consultant.pk]
                        ),
                    },
                ),
            )


@transaction.atomic
def consultant_withdraw(*, consultant: Consultant, by: User, reason: str = "") -> None:
    """Record that a member leaves the network, with an outbox event for the
    apps that react to membership changes."""
    _network_move(
        consultant, "withdraw", by=by, reason=reason, topic="consultant.withdrawn"
    )
