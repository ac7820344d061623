import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from municipalities.models import Municipality

HEADER = "region,district,kind,name_ky,name_ru,name_en,website,soate\n"


def write(tmp_path, body):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


@pytest.mark.django_db
class TestImportMunicipalities:
    def test_loads_rows_with_districts_in_any_language(self, tmp_path):
        path = write(
            tmp_path,
            (
                "KG-N,Кочкор району,ayil_okmotu,Кочкор айыл өкмөтү,"
                "Кочкорский айыл окмоту,"
                "Kochkor Ayil Okmotu,https://kochkor.kg,41704220100010\n"
                "KG-Y,Ton District,ayil_okmotu,Боконбаев айыл өкмөтү,Боконбаевский АО,"
                "Bokonbaev Ayil Okmotu,,\n"
            ),
        )
        call_command("import_municipalities", str(path))
        kochkor = Municipality.objects.get(name_en="Kochkor Ayil Okmotu")
        assert kochkor.district.name_en == "Kochkor District"
        assert kochkor.soate == "41704220100010"
        assert (
            Municipality.objects.get(name_en="Bokonbaev Ayil Okmotu").district.name_en
            == "Ton District"
        )

    def test_reimport_updates_instead_of_duplicating(self, tmp_path):
        row = "KG-N,,ayil_okmotu,Эки-Нарын АӨ,Эки-Нарынский АО,Eki-Naryn AO,{},\n"
        call_command("import_municipalities", str(write(tmp_path, row.format(""))))
        call_command(
            "import_municipalities",
            str(write(tmp_path, row.format("https://ekinaryn.kg"))),
        )
        matches = Municipality.objects.filter(name_en="Eki-Naryn AO")
        assert matches.count() == 1
        assert matches.get().website == "https://ekinaryn.kg"

    @pytest.mark.parametrize(
        ("bad_row", "reason"),
        [
            ("KG-Q,,ayil_okmotu,А,Б,C,,", "unknown region code"),
            ("KG-N,,village,А,Б,C,,", "unknown kind"),
            ("KG-N,Жок району,ayil_okmotu,А,Б,C,,", "no district"),
            ("KG-N,,ayil_okmotu,,Б,C,,", "name_ky"),
            ("KG-N,,ayil_okmotu,А,Б,C,not-a-url,", "website"),
            ("KG-N,,ayil_okmotu,А,Б,C,,12ab", "soate"),
        ],
    )
    def test_bad_row_names_line_and_saves_nothing(self, tmp_path, bad_row, reason):
        before = Municipality.objects.count()
        good = "KG-N,,ayil_okmotu,Жакшы айыл өкмөтү,Хороший АО,Good AO,,\n"
        path = write(tmp_path, good + bad_row + "\n")
        with pytest.raises(CommandError) as error:
            call_command("import_municipalities", str(path))
        assert "Line 3" in str(error.value)
        assert reason in str(error.value)
        assert Municipality.objects.count() == before

    def test_duplicate_in_file_is_refused(self, tmp_path):
        row = "KG-N,,ayil_okmotu,Кайталанган,Повтор,Repeat,,\n"
        with pytest.raises(CommandError, match="Line 3"):
            call_command("import_municipalities", str(write(tmp_path, row + row)))
        assert not Municipality.objects.filter(name_en="Repeat").exists()

    def test_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="File not found"):
            call_command("import_municipalities", str(tmp_path / "nope.csv"))


@pytest.mark.django_db
def test_errors_are_in_the_operators_language(tmp_path):
    path = write(tmp_path, "KG-Q,,ayil_okmotu,А,Б,C,,\n")
    with translation.override("ru"), pytest.raises(CommandError) as error:
        call_command("import_municipalities", str(path))
    assert "Строка 2" in str(error.value)
