"""Attendance sheets as XLSX files: the blank sheet and its import."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from consultants.models import Consultant
from portal.accounts.models import User
from portal.errors import DomainError

from ..models import Participant, Training
from .attendance import _check_capacity, attendance_record

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
