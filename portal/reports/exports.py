"""CSV and XLSX of the report tables, headers in the reader's language.

Text that a spreadsheet would take for a formula (=, +, -, @ at the start)
is kept as text: names are typed by people."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from portal.spreadsheets import XLSX_TYPE, csv_safe

__all__ = ["XLSX_TYPE", "sheet_title", "table_csv", "tables_xlsx"]


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, date)):
        return value
    return str(value)


def _csv_cell(value):
    value = csv_safe(_plain(value))
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_csv(table) -> bytes:
    """UTF-8 with a byte order mark, so that spreadsheet programs read the
    Cyrillic right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(column.label) for column in table.columns])
    for values in table.values():
        writer.writerow([_csv_cell(value) for value in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_title(title: str, taken: set) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique."""
    name = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Sheet"
    candidate, number = name, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = name[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def _fill(sheet, table) -> None:
    sheet.append([str(column.label) for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, values in enumerate(table.values(), start=2):
        for column_number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = _plain(value)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for column_cells in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(
            max(width + 2, 10), 60
        )


def tables_xlsx(tables) -> bytes:
    """One sheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set = set()
    for table in tables:
        _fill(workbook.create_sheet(sheet_title(table.title, taken)), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
