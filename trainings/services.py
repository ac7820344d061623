"""Workflows of the trainings app: attendance, certification, expiry."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from consultants.models import MEMBER_STATUSES, Consultant
from portal.accounts.models import User
from portal.errors import DomainError
from portal.outbox.models import Event

from .models import (
    Attendance,
    Certificate,
    CertificateEventAction,
    CertificateStatus,
    CertificationProgramme,
    Participant,
    Training,
    next_certificate_number,
)


# ---------------------------------------------------------------- attendance
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
    Returns how many day marks were added or removed."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    days = set(training.days)
    participants = {
        p.pk: p
        for p in training.participants.filter(pk__in=sheet).prefetch_related(
            "attendances"
        )
    }
    unknown = set(sheet) - set(participants)
    if unknown:
        raise DomainError(_("The sheet names someone who is not a participant."))
    changed = 0
    to_create = []
    for pk, present in sheet.items():
        if not present <= days:
            raise DomainError(_("The sheet marks a day outside the training's dates."))
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
    return changed


# --------------------------------------------------------- attendance files
TRUE_MARKS = {"1", "x", "х", "+", "v", "✓", "✔", "yes", "да", "ооба", "true"}
FALSE_MARKS = {"", "0", "-", "–", "no", "нет", "жок", "false"}
HEADER = ("ID", "Consultant", "Representative")
# what openpyxl raises for a file that is not a workbook
UNREADABLE = (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError)


class AttendanceFileError(DomainError):
    """An attendance file that cannot be saved; `errors` names each bad line
    (the first MAX_SHOWN of them, and how many more there are)."""

    MAX_SHOWN = 50

    def __init__(self, errors: list[str]):
        super().__init__(errors[0])
        self.errors = errors[: self.MAX_SHOWN]
        if len(errors) > self.MAX_SHOWN:
            more = len(errors) - self.MAX_SHOWN
            self.errors.append(
                ngettext(
                    "…and %(count)s more mistake.",
                    "…and %(count)s more mistakes.",
                    more,
                )
                % {"count": more}
            )


def attendance_workbook(*, training: Training) -> bytes:
    """The training's sheet as an XLSX file: the format the upload reads back.
    One row per participant: registry ID, name, representative, then a column
    per day with 1 for present."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(training.start_date)
    sheet.append([*HEADER, *training.days])
    for participant in Participant.objects.filter(training=training).for_sheet():
        present = participant.attended_dates
        sheet.append(
            [
                participant.consultant_id,
                participant.consultant.name,
                participant.representative,
                *[1 if day in present else None for day in training.days],
            ]
        )
    for cell in sheet[1][len(HEADER) :]:
        cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _mark(value) -> bool | None:
    """True present, False absent, None: not a mark we understand."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return {1: True, 0: False}.get(value)
    text = str(value).strip().lower()
    if text in TRUE_MARKS:
        return True
    if text in FALSE_MARKS:
        return False
    return None


@dataclass
class _Row:
    line: int
    consultant: Consultant
    representative: str
    present: set[date] = field(default_factory=set)


def _find_consultant(ident, name: str, members) -> tuple[Consultant | None, str]:
    if ident not in (None, ""):
        try:
            pk = int(str(ident).strip())
        except ValueError:
            return None, _("the ID %(id)s is not a number") % {"id": ident}
        consultant = members.filter(pk=pk).first()
        if consultant is None:
            return None, _("no network member has the ID %(id)s") % {"id": pk}
        return consultant, ""
    name = (name or "").strip()
    if not name:
        return None, _("give the consultant's ID or name")
    matches = list(
        members.filter(
            Q(name_ky__iexact=name) | Q(name_ru__iexact=name) | Q(name_en__iexact=name)
        )[:2]
    )
    if len(matches) != 1:
        return None, _("“%(name)s” matches no single network member; give the ID") % {
            "name": name
        }
    return matches[0], ""


def _read_rows(training: Training, upload) -> list[_Row]:
    """Parse and check every line; raise AttendanceFileError naming all the
    bad lines, so that nothing is saved from a file with any mistake."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        OSError,
        KeyError,
        ValueError,
    ) as exc:
        raise AttendanceFileError([_("The file is not an XLSX workbook.")]) from exc
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = list(next(rows, None) or [])
    days = [_as_date(value) for value in header[len(HEADER) :]]
    training_days = set(training.days)
    errors = []
    if len(header) < len(HEADER) + 1:
        errors.append(
            _(
                "Line 1: the first row must name the columns ID, Consultant, "
                "Representative and then the training's days."
            )
        )
    for column, day in zip(header[len(HEADER) :], days, strict=True):
        if day is None and column in (None, ""):
            continue
        if day not in training_days:
            errors.append(
                _("Line 1: “%(value)s” is not a day of this training.")
                % {"value": column}
            )
    if errors:
        raise AttendanceFileError(errors)
    members = Consultant.objects.members()
    parsed: list[_Row] = []
    seen: dict[int, int] = {}
    for line, values in enumerate(rows, start=2):
        values = list(values) + [None] * (len(header) - len(values))
        if all(v in (None, "") for v in values):
            continue
        consultant, problem = _find_consultant(values[0], values[1], members)
        if problem:
            errors.append(
                _("Line %(line)s: %(problem)s.") % {"line": line, "problem": problem}
            )
            continue
        if consultant.pk in seen:
            errors.append(
                _("Line %(line)s: %(name)s is already on line %(first)s.")
                % {"line": line, "name": consultant, "first": seen[consultant.pk]}
            )
            continue
        seen[consultant.pk] = line
        row = _Row(line, consultant, str(values[2] or "").strip())
        for day, value in zip(days, values[len(HEADER) :], strict=False):
            if day is None:
                continue
            mark = _mark(value)
            if mark is None:
                errors.append(
                    _(
                        "Line %(line)s, day %(day)s: “%(value)s” is not a mark; "
                        "put 1 for present or leave the cell empty."
                    )
                    % {"line": line, "day": day.isoformat(), "value": value}
                )
            elif mark:
                row.present.add(day)
        parsed.append(row)
    if errors:
        raise AttendanceFileError(errors)
    if not parsed:
        raise AttendanceFileError([_("The file has no participant rows.")])
    return parsed


@transaction.atomic
def attendance_import_xlsx(*, training: Training, upload, by: User) -> int:
    """Record attendance from an XLSX file in the format of
    attendance_workbook(). Members not yet on the sheet are added. All or
    nothing: one bad line and nothing is saved. Returns the rows read."""
    rows = _read_rows(training, upload)
    training = Training.objects.select_for_update().get(pk=training.pk)
    existing = {p.consultant_id: p for p in training.participants.all()}
    new_rows = [row for row in rows if row.consultant.pk not in existing]
    _check_capacity(training, len(new_rows))
    for row in new_rows:
        existing[row.consultant.pk] = Participant.objects.create(
            training=training,
            consultant=row.consultant,
            representative=row.representative,
        )
    attendance_record(
        training=training,
        sheet={existing[row.consultant.pk].pk: row.present for row in rows},
        representatives={
            existing[row.consultant.pk].pk: row.representative for row in rows
        },
        by=by,
    )
    return len(rows)


# ------------------------------------------------------------- certification
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


def _emit(certificate: Certificate, topic: str) -> None:
    Event.emit(
        topic,
        {"certificate_id": certificate.pk, "consultant_id": certificate.consultant_id},
        region_code=certificate.consultant.home_region_id,
    )


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
        status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED],
    ).first()
    if current:
        raise DomainError(
            _("%(name)s already holds certificate %(number)s of this programme.")
            % {"name": consultant, "number": current.number}
        )
    unmet = programme.unmet_trainings([consultant])[consultant.pk]
    if unmet:
        raise DomainError(
            _("%(name)s has not completed: %(trainings)s.")
            % {"name": consultant, "trainings": "; ".join(str(t) for t in unmet)}
        )
    issued_on = issued_on or timezone.localdate()
    certificate = Certificate.objects.create(
        consultant=consultant,
        programme=programme,
        number=next_certificate_number(issued_on.year),
        issued_on=issued_on,
        expires_on=programme.expiry_for(issued_on),
        issued_by=by,
    )
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
    or refused on its own merits (with the reason), never half-done."""
    result = BulkCertification()
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


def _certificate_transition(certificate: Certificate, change, *, by, note: str):
    with transaction.atomic():
        consultant = _lock_consultant(certificate.consultant)
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        change(certificate)
        consultant_sync_network_status(
            consultant=consultant,
            by=by,
            note=note,
            note_params={"number": certificate.number},
            reason=certificate.status_reason,
        )
        _emit(certificate, "certificate.status_changed")
    return certificate


def certificate_suspend(*, certificate: Certificate, reason: str, by: User):
    return _certificate_transition(
        certificate,
        lambda c: c.suspend(reason=reason, by=by),
        by=by,
        note=gettext_noop("Certificate %(number)s suspended."),
    )


def certificate_reinstate(*, certificate: Certificate, by: User, reason: str = ""):
    return _certificate_transition(
        certificate,
        lambda c: c.reinstate(reason=reason, by=by),
        by=by,
        note=gettext_noop("Certificate %(number)s reinstated."),
    )


def certificate_revoke(*, certificate: Certificate, reason: str, by: User):
    return _certificate_transition(
        certificate,
        lambda c: c.revoke(reason=reason, by=by),
        by=by,
        note=gettext_noop("Certificate %(number)s revoked."),
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
                note=gettext_noop("Certificate %(number)s expired."),
                note_params={"number": certificate.number},
            )
            _emit(certificate, "certificate.status_changed")
            expired += 1
    return expired
