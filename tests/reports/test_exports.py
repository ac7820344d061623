"""Exports opened and read cell by cell, headers in the reader's language."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from portal.reports import precomputed
from tests.municipalities.factories import MunicipalityFactory, region

Q2 = "period=quarter&year=2025&quarter=2"
pytestmark = pytest.mark.django_db


@pytest.fixture
def talas(talas):
    """The hand-counted fixture, its figures counted for the report pages."""
    precomputed.refresh()
    return talas


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_tenders_table_in_english(client_for, talas_coordinator, talas):
    book = workbook(
        client_for(talas_coordinator).get(f"/en/reports/KG-T/export/tenders.xlsx?{Q2}")
    )
    assert book.sheetnames == ["Tenders"]
    got = rows(book["Tenders"])
    assert got[0] == ["Figure", "Value"]
    assert got[1] == ["Published", 10]
    assert got[2] == ["Closed for bids", 9]
    assert got[3] == ["Awarded", 4]
    assert got[4] == ["Cancelled", 1]
    assert got[5] == ["Unsuccessful", 1]
    assert got[6][1] == pytest.approx(14 / 9)
    assert got[7] == ["Awarded value, KGS", 424000]
    assert got[8] == ["Estimated budget of the awarded tenders, KGS", 460000]
    assert got[9] == ["Awarded value against the estimate, %", 92.2]
    assert got[10] == ["Awards won by certified members, %", 50.0]
    assert got[11] == ["Median days from publication to award", 23.5]


def test_the_whole_report_in_russian_has_a_sheet_per_table(
    client_for, talas_coordinator, talas
):
    book = workbook(
        client_for(talas_coordinator).get(f"/ru/reports/KG-T/export/all.xlsx?{Q2}")
    )
    assert len(book.sheetnames) == 13
    flags = rows(book[book.sheetnames[10]])
    assert flags[0] == [
        "Красный флаг",
        "Индикатор OCP",
        "Правило",
        "Проверено тендеров",
        "Отмечено тендеров",
    ]
    assert flags[1][1] == "R018"
    assert flags[1][3:] == [8, 1]
    assert [row[4] for row in flags[1:]] == [1, 1, 1, 2, 1, 1, 1]


def test_the_trainings_list_keeps_dates_as_dates(client_for, talas_coordinator, talas):
    book = workbook(
        client_for(talas_coordinator).get(
            f"/en/reports/KG-T/export/training_list.xlsx?{Q2}"
        )
    )
    sheet = book[book.sheetnames[0]]
    header, first = rows(sheet)[:2]
    assert header[:3] == ["Training", "First day", "Last day"]
    assert first[1].date() == date(2025, 5, 5)
    assert first[4:] == [3, 4, 2]


def test_the_gap_list_as_csv_has_every_row(client_for, talas_coordinator):
    for number in range(30):
        MunicipalityFactory(region=region("KG-T"), name_ky=f"Айыл {number:02d}")
    precomputed.refresh()
    response = client_for(talas_coordinator).get("/ky/reports/KG-T/export/gaps.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(table) == 31
    assert sorted(row[0] for row in table[1:]) == [f"Айыл {n:02d}" for n in range(30)]


def test_typed_names_never_become_formulas(client_for, talas_coordinator):
    MunicipalityFactory(region=region("KG-T"), name_ky="=HYPERLINK(1)")
    precomputed.refresh()
    client = client_for(talas_coordinator)
    text = client.get("/ky/reports/KG-T/export/gaps.csv").content.decode()
    assert "'=HYPERLINK(1)" in text
    book = workbook(client.get("/ky/reports/KG-T/export/gaps.xlsx"))
    cell = book[book.sheetnames[0]]["A2"]
    assert cell.value == "=HYPERLINK(1)"
    assert cell.data_type == "s"


def test_unknown_tables_and_formats_are_404(client_for, talas_coordinator):
    client = client_for(talas_coordinator)
    assert client.get("/ky/reports/KG-T/export/nope.csv").status_code == 404
    assert client.get("/ky/reports/KG-T/export/all.csv").status_code == 404
    assert client.get("/ky/reports/KG-T/export/gaps.pdf").status_code == 404


def test_sheet_titles_follow_excels_rules():
    from portal.reports.exports import sheet_title

    taken = set()
    assert sheet_title("A/B: [c]?", taken) == "A B   c"
    long = "x" * 40
    assert sheet_title(long, taken) == "x" * 31
    assert sheet_title(long, taken) == "x" * 27 + " (2)"
