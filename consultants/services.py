from django.db import transaction
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.errors import DomainError
from portal.outbox.models import Event

from .access import can_answer_rating
from .forms import ConsultantProfileForm
from .models import Consultant, ConsultantRating, NetworkStatus


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


# ------------------------------------------------------------------ ratings
@transaction.atomic
def rate_consultant(
    *,
    consultant: Consultant,
    municipality,
    work: str,
    work_id: int,
    rating: int,
    comment: str = "",
    by: User | None = None,
) -> ConsultantRating:
    """Record a municipality's rating of one completed piece of work (a
    tender's contract or a direct consultation) and refresh the figures the
    registry shows and sorts on. One rating per work."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise DomainError(_("The rating is from 1 to 5."))
    if ConsultantRating.objects.filter(work=work, work_id=work_id).exists():
        raise DomainError(_("This work has already been rated."))
    # one writer of a member's figures at a time
    Consultant.objects.select_for_update().filter(pk=consultant.pk).first()
    given = ConsultantRating.objects.create(
        consultant=consultant,
        municipality=municipality,
        work=work,
        work_id=work_id,
        rating=rating,
        comment=(comment or "").strip(),
        rated_by=by if getattr(by, "pk", None) else None,
    )
    ConsultantRating.refresh_figures(consultant.pk)
    Event.emit(
        "consultant.rated",
        {"rating_id": given.pk, "consultant_id": consultant.pk},
        region_code=consultant.home_region_id,
    )
    return given


@transaction.atomic
def answer_rating(*, rating: ConsultantRating, by: User, text: str) -> ConsultantRating:
    """The rated member's one public answer."""
    rating = ConsultantRating.objects.select_for_update().get(pk=rating.pk)
    if rating.is_answered and rating.consultant.user_id == by.pk:
        raise DomainError(_("This rating has already been answered."))
    if not can_answer_rating(by, rating):
        raise DomainError(_("Only the rated member can answer this rating."))
    rating.give_answer(by=by, text=text)
    return rating
