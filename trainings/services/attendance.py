"""Putting participants on a training's sheet and recording attendance."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from consultants.models import MEMBER_STATUSES, Consultant
from portal.accounts.models import User
from portal.errors import DomainError

from ..models import Attendance, Participant, Training, bishkek_today
from .figures import trust_figures_refresh


def _check_capacity(training: Training, adding: int) -> None:
    left = training.places_left()
    if left is not None and adding > left:
        raise DomainError(
            _(
                "The training has %(left)s places left; %(adding)s more "
                "participants do not fit."
            )
            % {"left": max(left, 0), "adding": adding}
        )


def _check_member(consultant: Consultant) -> None:
    if consultant.status not in MEMBER_STATUSES:
        raise DomainError(
            _("%(name)s is not a member of the network.") % {"name": consultant}
        )


@transaction.atomic
def participant_add(
    *, training: Training, consultant: Consultant, representative: str = ""
) -> Participant:
    """Put a network member on the training's sheet, within its capacity."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.participants.filter(consultant=consultant).exists():
        raise DomainError(
            _("%(name)s is already a participant.") % {"name": consultant}
        )
    _check_member(consultant)
    _check_capacity(training, 1)
    return Participant.objects.create(
        training=training, consultant=consultant, representative=representative
    )


@transaction.atomic
def attendance_record(
    *,
    training: Training,
    sheet: dict[int, set[date]],
    representatives: dict[int, str] | None = None,
    by: User,
) -> int:
    """Make the attendance of the participants in `sheet` (participant id ->
    days present) exactly what it says; participants not in it keep theirs.
    Refused, changing nothing, when it marks a day outside the training or a
    day that has not begun yet (Training.attendance_refusal). Returns how many
    day marks were added or removed."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    participants = {
        p.pk: p
        for p in training.participants.filter(pk__in=sheet)
        .select_related("consultant")
        .prefetch_related("attendances")
    }
    unknown = set(sheet) - set(participants)
    if unknown:
        raise DomainError(_("The sheet names someone who is not a participant."))
    # every mark is checked before anything changes: a refused sheet saves
    # nothing (days outside the dates, days that have not begun in Bishkek)
    today = bishkek_today()
    for pk, present in sheet.items():
        for day in sorted(present):
            refusal = training.attendance_refusal(
                day, name=str(participants[pk].consultant), today=today
            )
            if refusal:
                raise DomainError(refusal)
    changed = 0
    to_create = []
    for pk, present in sheet.items():
        participant = participants[pk]
        recorded = {a.date for a in participant.attendances.all()}
        removed = recorded - present
        if removed:
            participant.attendances.filter(date__in=removed).delete()
        to_create += [
            Attendance(participant=participant, date=day, recorded_by=by)
            for day in sorted(present - recorded)
        ]
        changed += len(removed) + len(present - recorded)
        name = (representatives or {}).get(pk)
        if name is not None and name.strip() != participant.representative:
            participant.representative = name.strip()
            participant.save(update_fields=["representative"])
    Attendance.objects.bulk_create(to_create)
    # a correction after the last day changes who completed the training
    trust_figures_refresh(
        consultant_ids=[p.consultant_id for p in participants.values()]
    )
    return changed
