"""What every CSV and XLSX the portal writes shares: text a spreadsheet would
take for a formula stays text (names, bios and contacts are typed by people).

A cell starting with =, +, -, @ (or a tab or carriage return, which some
programs skip before looking) gets a leading apostrophe in CSV (OWASP's advice
against CSV injection); in XLSX the cell is written as a string, never a
formula, so its text is kept as typed."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
# spreadsheet programs read a UTF-8 CSV's Cyrillic right only after this mark
BOM = "\ufeff"


def csv_safe(value):
    """A CSV cell's value: text that would start a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_text(sheet, value):
    """A write-only sheet's cell holding `value` as text, never as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
