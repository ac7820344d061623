"""Certification: issue, suspension, reinstatement, revocation and expiry,
and the holder's network status that follows the certificates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultants.models import Consultant
from portal.accounts.models import User
from portal.errors import DomainError, refuse_unless_clean
from portal.outbox.models import Event

from ..models import (
    CERTIFICATE_TRANSITIONS,
    CURRENT_STATUSES,
    Certificate,
    CertificateEventAction,
    CertificationProgramme,
    Training,
    next_certificate_number,
)
from .attendance import _check_member
from .figures import trust_figures_refresh


def consultant_sync_network_status(
    *, consultant: Consultant, by, note: str, note_params: dict, reason: str = ""
) -> None:
    """Make a member's network status follow the certificates: certified
    while one is in force, suspended while the only current one is suspended,
    otherwise a provisional member again. Applicants, declined and withdrawn
    consultants are left alone."""
    target = Certificate.objects.network_status_of(consultant)
    if target != consultant.status:
        consultant.change_status(
            target, by=by, reason=reason, note=note, note_params=note_params
        )


def _emit(certificate: Certificate, topic: str, action: str = "") -> None:
    payload = {
        "certificate_id": certificate.pk,
        "consultant_id": certificate.consultant_id,
    }
    if action:
        payload["action"] = action
    Event.emit(topic, payload, region_code=certificate.consultant.home_region_id)


def _lock_consultant(consultant: Consultant) -> Consultant:
    return Consultant.objects.select_for_update().get(pk=consultant.pk)


@transaction.atomic
def certificate_issue(
    *,
    consultant: Consultant,
    programme: CertificationProgramme,
    by: User,
    issued_on: date | None = None,
) -> Certificate:
    """Certify a network member who has completed every training the
    programme requires. Refused, with the reason, for anyone else, and for a
    holder of a current certificate of the same programme."""
    consultant = _lock_consultant(consultant)
    certificates_expire_due(consultant=consultant)
    consultant.refresh_from_db()
    if not programme.is_active:
        raise DomainError(_("The programme is closed for certification."))
    _check_member(consultant)
    current = consultant.certificates.filter(
        programme=programme,
        status__in=CURRENT_STATUSES,
    ).first()
    if current:
        raise DomainError(
            _("%(name)s already holds certificate %(number)s of this programme.")
            % {"name": consultant, "number": current.number}
        )
    unmet = programme.unmet_trainings([consultant])[consultant.pk]
    not_ended = [training for training in unmet if not training.has_ended]
    if not_ended:
        raise DomainError(
            _("%(name)s cannot be certified yet. %(reason)s")
            % {"name": consultant, "reason": not_ended[0].not_ended_refusal()}
        )
    if unmet:
        raise DomainError(
            _("%(name)s has not completed: %(trainings)s.")
            % {"name": consultant, "trainings": "; ".join(str(t) for t in unmet)}
        )
    issued_on = issued_on or timezone.localdate()
    certificate = Certificate(
        consultant=consultant,
        programme=programme,
        issued_on=issued_on,
        expires_on=programme.expiry_for(issued_on),
        issued_by=by,
    )
    refuse_unless_clean(certificate)
    certificate.number = next_certificate_number(issued_on.year)
    certificate.save(force_insert=True)
    certificate.events.create(
        action=CertificateEventAction.ISSUED,
        new_status=certificate.status,
        by=by,
        at=certificate.status_changed_at,
    )
    consultant_sync_network_status(
        consultant=consultant,
        by=by,
        note=gettext_noop("Certificate %(number)s issued."),
        note_params={"number": certificate.number},
    )
    trust_figures_refresh(consultant_ids=[consultant.pk])
    _emit(certificate, "certificate.issued")
    return certificate


@dataclass
class BulkCertification:
    issued: list[Certificate] = field(default_factory=list)
    refused: list[tuple[Consultant, str]] = field(default_factory=list)


def certificates_issue_for_completers(
    *,
    training: Training,
    programme: CertificationProgramme,
    consultants: Iterable[Consultant],
    by: User,
) -> BulkCertification:
    """Certify the chosen completers of a training one by one: each is issued
    or refused on its own merits (with the reason), never half-done. Nobody
    is certified for a training that has not ended (Bishkek time)."""
    result = BulkCertification()
    if not training.has_ended:
        result.refused = [
            (consultant, training.not_ended_refusal()) for consultant in consultants
        ]
        return result
    completers = {
        p.consultant_id
        for p in training.participants.select_related("training").with_attendance()
        if p.completed
    }
    for consultant in consultants:
        if consultant.pk not in completers:
            result.refused.append((consultant, _("has not completed this training")))
            continue
        try:
            result.issued.append(
                certificate_issue(consultant=consultant, programme=programme, by=by)
            )
        except DomainError as exc:
            result.refused.append((consultant, str(exc.message)))
    return result


def certificate_transition(
    *, certificate: Certificate, name: str, by: User, reason: str = ""
) -> Certificate:
    """Make the move `name` of CERTIFICATE_TRANSITIONS (suspend, reinstate,
    revoke) with the holder locked, and let the holder's network status
    follow. The certificate's reason goes to the holder's status history,
    never to the field that says why an application was declined."""
    move = CERTIFICATE_TRANSITIONS[name]
    with transaction.atomic():
        consultant = _lock_consultant(certificate.consultant)
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        certificate.transition(name, by=by, reason=reason)
        consultant_sync_network_status(
            consultant=consultant,
            by=by,
            note=move.note,
            note_params={"number": certificate.number},
            reason=certificate.status_reason,
        )
        trust_figures_refresh(consultant_ids=[consultant.pk])
        _emit(certificate, "certificate.status_changed", move.action)
    return certificate


def certificate_suspend(*, certificate: Certificate, reason: str, by: User):
    return certificate_transition(
        certificate=certificate, name="suspend", by=by, reason=reason
    )


def certificate_reinstate(*, certificate: Certificate, by: User, reason: str = ""):
    return certificate_transition(
        certificate=certificate, name="reinstate", by=by, reason=reason
    )


def certificate_revoke(*, certificate: Certificate, reason: str, by: User):
    return certificate_transition(
        certificate=certificate, name="revoke", by=by, reason=reason
    )


def certificates_expire_due(*, consultant: Consultant | None = None) -> int:
    """Record the expiry of every active certificate past its date (of one
    consultant, or all) and update the holders' network status. Run daily by
    Celery beat; safe to run at any time, by several workers at once."""
    due = Certificate.objects.due_to_expire()
    if consultant is not None:
        due = due.filter(consultant=consultant)
    expired = 0
    for pk, consultant_id in list(due.values_list("pk", "consultant_id")):
        with transaction.atomic():
            # the holder first, as every certificate workflow locks them
            holder = Consultant.objects.select_for_update().get(pk=consultant_id)
            certificate = (
                Certificate.objects.due_to_expire()
                .select_for_update()
                .filter(pk=pk)
                .first()
            )
            if certificate is None:  # another worker got there first
                continue
            certificate.expire()
            consultant_sync_network_status(
                consultant=holder,
                by=None,
                note=CERTIFICATE_TRANSITIONS["expire"].note,
                note_params={"number": certificate.number},
            )
            trust_figures_refresh(consultant_ids=[holder.pk])
            _emit(
                certificate,
                "certificate.status_changed",
                CertificateEventAction.EXPIRED,
            )
            expired += 1
    return expired
