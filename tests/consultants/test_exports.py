"""The registry taken away: CSV, XLSX and the printable list of any selection,
read cell by cell, in Kyrgyz and Russian, with the contact rule per role."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from consultants import exports
from consultants.models import Consultant, ExpertiseArea
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import region

pytestmark = pytest.mark.django_db

KY_HEADERS = [
    "Аталышы",
    "Тармактагы статусу",
    "Түрү",
    "Жайгашкан облусу",
    "Кызмат көрсөткөн облустары",
    "Эксперттик багыттар",
    "Иш тилдери",
    "Орточо баа",
    "Баалардын саны",
    "Аткарылган келишимдер",
    "Күчүндөгү сертификаттар",
    "Бүтүргөн окуулар",
    "Иш алуу мүмкүнчүлүгү",
    "Веб-сайт",
]
RU_HEADERS = [
    "Название",
    "Статус в сети",
    "Тип",
    "Область нахождения",
    "Области работы",
    "Направления экспертизы",
    "Языки работы",
    "Средняя оценка",
    "Число оценок",
    "Исполненные договоры",
    "Действующие сертификаты",
    "Пройденные обучения",
    "Готовность взять работу",
    "Веб-сайт",
]
KY_CONTACTS = ["Электрондук почта", "Телефон"]
RU_CONTACTS = ["Электронная почта", "Телефон"]


def csv_table(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_TYPE
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book[book.sheetnames[0]]


def xlsx_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def water_member():
    water = ExpertiseArea.objects.get(code="tariffs")
    member = ConsultantFactory(
        name_ky="Суу Кеңеш",
        name_ru="Водный Совет",
        home_region=region("KG-N"),
        regions_served=[region("KG-Y"), region("KG-N")],
        expertise_areas=[water],
        languages=["ky", "ru"],
        email="suu@ngo.kg",
        phone="+996555123456",
        website="https://suu.kg",
    )
    return member, water


class TestCsv:
    def test_headers_and_cells_in_kyrgyz_with_contacts_for_staff(
        self, client_for, municipal_staff, water_member
    ):
        member, water = water_member
        table = csv_table(
            client_for(municipal_staff).get(
                "/ky/consultants/export.csv", {"q": "Суу Кеңеш"}
            )
        )
        assert table[0] == [*KY_HEADERS, *KY_CONTACTS, "Профиль"]
        # the exact name first (the search's ranking), looser matches after
        row = dict(zip(table[0], table[1], strict=True))
        assert row["Аталышы"] == "Суу Кеңеш"
        assert row["Тармактагы статусу"] == "алдын ала киргизилген мүчө"
        assert row["Түрү"] == "уюм"
        assert row["Жайгашкан облусу"] == region("KG-N").name_ky
        assert row["Кызмат көрсөткөн облустары"] == (
            f"{region('KG-Y').name_ky}; {region('KG-N').name_ky}"  # the regions' order
        )
        assert row["Эксперттик багыттар"] == water.name_ky
        assert row["Иш тилдери"] == "Кыргызча; Орусча"
        assert row["Электрондук почта"] == "suu@ngo.kg"
        # a phone starts with + like a formula: kept as text by the apostrophe
        assert row["Телефон"] == "'+996 555 123 456"
        assert row["Профиль"] == f"http://testserver/ky/consultants/{member.pk}/"

    def test_headers_and_cells_in_russian(self, client_for, coordinator, water_member):
        member, water = water_member
        table = csv_table(
            client_for(coordinator).get("/ru/consultants/export.csv", {"q": "Суу"})
        )
        assert table[0] == [*RU_HEADERS, *RU_CONTACTS, "Профиль"]
        row = table[1]
        assert row[0] == "Водный Совет"
        assert row[3] == region("KG-N").name_ru
        assert row[5] == water.name_ru
        assert row[-1] == f"http://testserver/ru/consultants/{member.pk}/"

    @pytest.mark.parametrize("role", ["anonymous", "consultant"])
    def test_no_contacts_for_those_who_may_not_see_them(
        self, client_for, consultant, water_member, role
    ):
        user = consultant.user if role == "consultant" else None
        response = client_for(user).get("/ky/consultants/export.csv", {"q": "Суу"})
        table = csv_table(response)
        assert table[0] == [*KY_HEADERS, "Профиль"]
        assert table[1][0] == "Суу Кеңеш"
        text = "\n".join(",".join(row) for row in table)
        assert "suu@ngo.kg" not in text and "555" not in text

    def test_the_academy_sees_contacts(self, client_for, academy_admin, water_member):
        table = csv_table(
            client_for(academy_admin).get("/ky/consultants/export.csv", {"q": "Суу"})
        )
        assert table[0][len(KY_HEADERS) : len(KY_HEADERS) + 2] == KY_CONTACTS
        assert table[1][len(KY_HEADERS)] == "suu@ngo.kg"

    def test_the_registrys_filters_and_sort_apply(self, client):
        talas = region("KG-T")
        for name in ("Бета Талас", "Альфа Талас", "Гамма Талас"):
            ConsultantFactory(name_ky=name, home_region=talas)
        ConsultantFactory(name_ky="Дельта Талас", home_region=talas)
        ConsultantFactory(name_ky="Нарындык", home_region=region("KG-N"))
        query = {"region": "KG-T", "q": "Талас", "ordering": "-name"}
        names = [
            row[0]
            for row in csv_table(client.get("/ky/consultants/export.csv", query))[1:]
        ]
        assert names == ["Дельта Талас", "Гамма Талас", "Бета Талас", "Альфа Талас"]
        # the same selection as the registry page shows
        page = client.get("/ky/consultants/", query)
        assert [c.name for c in page.context["consultants"]] == names

    def test_whole_registry_without_a_query(self, client):
        table = csv_table(client.get("/ky/consultants/export.csv"))
        assert (
            len(table) == 1 + client.get("/ky/consultants/").context["paginator"].count
        )

    def test_text_that_would_be_a_formula_stays_text(self, client):
        for name in ('=HYPERLINK("http://x")', "@SUM(A1)", "-2+3", "+1"):
            ConsultantFactory(name_ky=name, bio_ky="формула")
        table = csv_table(client.get("/ky/consultants/export.csv", {"q": "формула"}))
        names = sorted(row[0] for row in table[1:])
        assert names == sorted(
            ['\'=HYPERLINK("http://x")', "'@SUM(A1)", "'-2+3", "'+1"]
        )

    def test_queries_do_not_grow_with_the_rows(self, client_for, municipal_staff):
        client = client_for(municipal_staff)
        water = ExpertiseArea.objects.get(code="tariffs")

        def count(expected_rows):
            with CaptureQueriesContext(connection) as queries:
                table = csv_table(
                    client.get("/ky/consultants/export.csv", {"q": "санак"})
                )
            assert len(table) == 1 + expected_rows
            return len(queries)

        def add(number):
            ConsultantFactory(
                name_ky=f"Сан {number}",
                bio_ky="санак",
                expertise_areas=[water],
                regions_served=[region("KG-T"), region("KG-C")],
            )

        add(0)
        count(1)  # fills the caches (the places a word names, the areas)
        few = count(1)
        for number in range(1, 30):
            add(number)
        assert count(30) == few

    def test_bad_filters_go_back_to_the_registry_and_change_nothing(self, client):
        response = client.get("/ky/consultants/export.csv", {"status": "nope"})
        assert response.status_code == 302
        assert response["Location"] == "/ky/consultants/?status=nope"
        page = client.get(response["Location"])
        assert page.context["filter"].errors["status"]


class TestXlsx:
    def test_cells_and_headers_in_russian_with_contacts(
        self, client_for, municipal_staff, water_member
    ):
        member, water = water_member
        sheet = xlsx_sheet(
            client_for(municipal_staff).get("/ru/consultants/export.xlsx", {"q": "Суу"})
        )
        got = xlsx_rows(sheet)
        assert got[0] == [*RU_HEADERS, *RU_CONTACTS, "Профиль"]
        assert got[1][0] == "Водный Совет"
        assert got[1][5] == water.name_ru
        # in a spreadsheet the phone is text, not a formula: no apostrophe needed
        contacts = got[1][len(RU_HEADERS) : len(RU_HEADERS) + 2]
        assert contacts == ["suu@ngo.kg", "+996 555 123 456"]

    def test_kyrgyz_headers_and_no_contacts_for_visitors(self, client, water_member):
        got = xlsx_rows(
            xlsx_sheet(client.get("/ky/consultants/export.xlsx", {"q": "Суу"}))
        )
        assert got[0] == [*KY_HEADERS, "Профиль"]
        assert got[1][0] == "Суу Кеңеш"
        assert all("suu@ngo.kg" not in str(cell) for row in got for cell in row)

    def test_formulas_are_written_as_text(self, client):
        ConsultantFactory(name_ky="=1+2", bio_ky="формула")
        sheet = xlsx_sheet(client.get("/ky/consultants/export.xlsx", {"q": "формула"}))
        cell = sheet["A2"]
        assert cell.value == "=1+2"
        assert cell.data_type == "s"

    def test_queries_do_not_grow_with_the_rows(self, client):
        def count():
            with CaptureQueriesContext(connection) as queries:
                xlsx_sheet(client.get("/ky/consultants/export.xlsx", {"q": "санак"}))
            return len(queries)

        ConsultantFactory(name_ky="Сан 0", bio_ky="санак")
        count()  # fills the caches (the places a word names, the areas)
        few = count()
        for number in range(1, 25):
            ConsultantFactory(name_ky=f"Сан {number}", bio_ky="санак")
        assert count() == few


class TestPrintableList:
    def test_the_selection_without_menus_or_filters(self, client, water_member):
        response = client.get("/ky/consultants/print/", {"q": "Суу", "region": "KG-N"})
        assert response.status_code == 200
        html = response.content.decode()
        # (the first page of a browser carries the stylesheet inline: look for
        # the elements, not their selectors)
        assert 'class="site-header"' not in html and 'class="filter-form' not in html
        assert "Суу Кеңеш" in html
        # the registry's selection: active members matching in the region
        selected = Consultant.objects.active_members().search("Суу").for_region("KG-N")
        assert f'data-count="{selected.count()}"' in html
        # the filters chosen are stated on paper
        assert region("KG-N").name_ky in html.split("print-filters", 1)[1]
        assert "suu@ngo.kg" not in html
        assert 'href="/ky/consultants/?q=' in html  # the way back keeps the query

    def test_contacts_for_staff(self, client_for, municipal_staff, water_member):
        html = (
            client_for(municipal_staff)
            .get("/ru/consultants/print/", {"q": "Суу"})
            .content.decode()
        )
        assert "Водный Совет" in html and "suu@ngo.kg" in html
        assert "Электронная почта" in html

    def test_a_long_selection_is_cut_with_a_notice(self, client, monkeypatch):
        monkeypatch.setattr(exports, "PRINT_LIMIT", 3)
        response = client.get("/ky/consultants/print/")
        assert len(response.context["table"]) == 3
        assert 'id="print-cut"' in response.content.decode()

    def test_queries_do_not_grow_with_the_rows(self, client):
        def count():
            with CaptureQueriesContext(connection) as queries:
                client.get("/ky/consultants/print/", {"q": "санак"})
            return len(queries)

        ConsultantFactory(name_ky="Сан 0", bio_ky="санак")
        count()  # fills the caches (the places a word names, the areas)
        few = count()
        for number in range(1, 25):
            ConsultantFactory(name_ky=f"Сан {number}", bio_ky="санак")
        assert count() == few


def test_the_registry_links_its_selection_to_the_exports(client):
    html = client.get(
        "/ky/consultants/", {"region": "KG-N", "page": "1"}
    ).content.decode()
    links = html.split('id="export-links"', 1)[1].split("</p>", 1)[0]
    assert 'href="/ky/consultants/export.csv?region=KG-N"' in links
    assert 'href="/ky/consultants/export.xlsx?region=KG-N"' in links
    assert 'href="/ky/consultants/print/?region=KG-N"' in links
