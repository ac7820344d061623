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


@transaction.atomic
def application_accept(*, consultant: Consultant, by: User) -> None:
    consultant = Consultant.objects.select_for_update().get(pk=consultant.pk)
    consultant.accept(by=by)
    Event.emit(
        "consultant.decided",
        {"consultant_id": consultant.pk},
        region_code=consultant.home_region_id,
    )


@transaction.atomic
def application_decline(*, consultant: Consultant, by: User, reason: str) -> None:
    consultant = Consultant.objects.select_for_update().get(pk=consultant.pk)
    consultant.decline(by=by, reason=reason)
    Event.emit(
        "consultant.decided",
        {"consultant_id": consultant.pk},
        region_code=consultant.home_region_id,
    )


@transaction.atomic
def application_resubmit(*, consultant: Consultant, by: User) -> None:
    consultant = Consultant.objects.select_for_update().get(pk=consultant.pk)
    consultant.resubmit(by=by)
    Event.emit(
        "consultant.applied",
        {"consultant_id": consultant.pk},
        region_code=consultant.home_region_id,
    )


@transaction.atomic
def consultant_withdraw(*, consultant: Consultant, by: User, reason: str = "") -> None:
    """Record that a member leaves the network, with an outbox event for the
    apps that react to membership changes."""
    consultant = Consultant.objects.select_for_update().get(pk=consultant.pk)
    consultant.withdraw(by=by, reason=reason)
    Event.emit(
        "consultant.withdrawn",
        {"consultant_id": consultant.pk},
        region_code=consultant.home_region_id,
    )
