from django.db import transaction

from portal.accounts.models import Role, User
from portal.outbox.models import Event

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


@transaction.atomic
def consultant_withdraw(*, consultant: Consultant, by: User, reason: str = "") -> None:
    """Record that a member leaves the network, with an outbox event for the
    apps that react to membership changes."""
    _network_move(
        consultant, "withdraw", by=by, reason=reason, topic="consultant.withdrawn"
    )
