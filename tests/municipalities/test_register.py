"""import_municipalities: loading a newer SOATE register from the outside, as
the academy would — dry run, apply, merge, retire, quirks and bad files."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from municipalities.models import Municipality, Place, StaffMembership
from municipalities.reference import SOATE_2021
from tests.municipalities.factories import StaffMembershipFactory, municipality
from tests.procurement.factories import TenderFactory

# Kochkor district (Naryn): four ayil aimaks of it play the reform
AK_KIYA = "41704235806000"  # Ак-Кыянский: merged into Kara-Suu
KARA_SUU = "41704235812000"  # Кара-Сууский
KOCHKOR = "41704235816000"  # Кочкорский: renamed
KUM_DEBE = "41704235825000"  # Кум-Дебенский: disappears with its villages
NEW_AIMAK = "41704235899000"


def register_rows() -> list[dict]:
    with SOATE_2021.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(tmp_path, rows, name="register.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def reform(rows: list[dict]) -> list[dict]:
    """A made-up 2024 register: Ак-Кыя's villages go to Кара-Суу and Ак-Кыя
    leaves; Кум-Дебе leaves with its villages; Кочкор is renamed; a new
    ayil aimak with one village appears."""
    out = []
    for row in rows:
        row = dict(row)
        if row["soate"] == AK_KIYA or row["parent_soate"] == KUM_DEBE:
            continue
        if row["soate"] == KUM_DEBE:
            continue
        if row["parent_soate"] == AK_KIYA:
            row["parent_soate"] = KARA_SUU
        if row["soate"] == KOCHKOR:
            row["name_ru"] = "Кочкор айылный аймак"
        out.append(row)
    out.append(
        {"soate": NEW_AIMAK, "level": "3", "kind": "ayil_aimak",
         "name_ru": "Жаңы айылный аймак", "parent_soate": "41704235000000",
         "region": "KG-N"}
    )  # fmt: skip
    out.append(
        {"soate": "41704235899010", "level": "4", "kind": "settlement",
         "name_ru": "Жаңы-Айыл", "parent_soate": NEW_AIMAK, "region": "KG-N"}
    )  # fmt: skip
    return out


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_municipalities", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(
            Municipality.objects.order_by("pk").values_list(
                "pk", "name_ru", "soate_name", "district_id", "retired_on", "successor"
            )
        ),
        list(Place.objects.order_by("pk").values_list("pk", "municipality", "name_ru")),
    )


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


@pytest.mark.django_db
class TestImportMunicipalities:
    def test_the_2021_register_again_changes_nothing_and_reports_its_quirks(self):
        before = snapshot()
        output = run(SOATE_2021, "--apply")
        assert snapshot() == before
        assert "Nothing to change" in output
        assert "KG-C 105" in output and "KG-B 31" in output
        # the file's quirks are reported, not silently accepted
        assert "Тонский районрайон" in output
        assert "“Кок-Жангак” is filed as a district" in output
        assert "filed one level too high, beside the town “Кербен”" in output
        assert "extra spaces in" in output

    def test_dry_run_is_the_default_and_changes_nothing(self, tmp_path):
        before = snapshot()
        output = run(write(tmp_path, reform(register_rows())))
        assert snapshot() == before
        assert "Dry run: nothing was changed" in output
        assert "municipalities to add: 1 — Жаңы айылный аймак" in output
        assert "municipalities to rename: 1" in output
        assert "municipalities merged into another" in output
        assert "Ак-Кыянский айылный аймак → Кара-Сууский айылный аймак" in output
        assert "municipalities to retire (no successor): 1" in output
        assert "villages no longer in the register: 4" in output

    def test_apply_adds_renames_merges_and_retires(self, tmp_path):
        ak_kiya, kum_debe = municipality(AK_KIYA), municipality(KUM_DEBE)
        tender = TenderFactory(municipality=ak_kiya)
        staff = StaffMembershipFactory(municipality=ak_kiya)
        total = Municipality.objects.count()

        run(
            write(tmp_path, reform(register_rows())),
            "--apply",
            "--effective",
            "2024-01-01",
        )

        # nothing is deleted: the retired keep their tenders, staff, history
        assert Municipality.objects.count() == total + 1
        ak_kiya.refresh_from_db()
        assert ak_kiya.retired_on == date(2024, 1, 1)
        assert ak_kiya.successor == municipality(KARA_SUU)
        tender.refresh_from_db()
        assert tender.municipality == ak_kiya
        assert StaffMembership.objects.get(pk=staff.pk).municipality == ak_kiya
        kum_debe.refresh_from_db()
        assert (kum_debe.retired_on, kum_debe.successor) == (date(2024, 1, 1), None)
        assert not Municipality.objects.active().filter(soate=AK_KIYA).exists()
        # villages follow the municipality that serves them now
        assert Place.objects.get(soate="41704235806010").municipality.soate == (
            KARA_SUU
        )
        assert not Place.objects.filter(soate__startswith=KUM_DEBE[:11]).exists()
        kochkor = municipality(KOCHKOR)
        assert kochkor.soate_name == kochkor.name_ru == "Кочкор айылный аймак"
        new = municipality(NEW_AIMAK)
        assert (new.kind, new.district.name_en, new.region_id) == (
            "ayil_okmotu",
            "Kochkor District",
            "KG-N",
        )
        assert new.places.get().name_ru == "Жаңы-Айыл"

    def test_a_merger_can_be_named(self, tmp_path):
        rows = reform(register_rows())
        run(write(tmp_path, rows), "--apply", "--merged-into", f"{KUM_DEBE}={KOCHKOR}")
        assert municipality(KUM_DEBE).successor == municipality(KOCHKOR)

    def test_a_merger_into_nothing_is_refused(self, tmp_path):
        before = snapshot()
        with pytest.raises(CommandError, match="no such municipality in the file"):
            run(
                write(tmp_path, reform(register_rows())),
                "--apply",
                "--merged-into",
                f"{KUM_DEBE}=41704235888000",
            )
        assert snapshot() == before

    @pytest.mark.parametrize(
        ("change", "reason"),
        [
            ({"soate": "4170423581"}, "is not a SOATE code"),
            ({"soate": KARA_SUU}, "appears twice"),
            ({"parent_soate": "41704235777000"}, "is not in the file"),
            ({"region": "KG-T"}, "differs from its parent's"),
            ({"region": "KG-Q"}, "unknown region code"),
            ({"level": "7"}, "level must be"),
            ({"name_ru": " "}, "the name is empty"),
        ],
    )
    def test_a_bad_line_stops_the_file_and_changes_nothing(
        self, tmp_path, change, reason
    ):
        rows = reform(register_rows())
        bad = next(i for i, row in enumerate(rows) if row["soate"] == KOCHKOR)
        rows[bad].update(change)
        before = snapshot()
        with pytest.raises(CommandError) as error:
            run(write(tmp_path, rows), "--apply")
        assert f"Line {bad + 2}:" in str(error.value)
        assert reason in str(error.value)
        assert "Nothing was changed" in str(error.value)
        assert snapshot() == before

    def test_a_line_with_too_many_values_is_refused(self, tmp_path):
        path = write(tmp_path, register_rows())
        with path.open("a", encoding="utf-8") as handle:
            handle.write("41704235899000,3,ayil_aimak,Жаңы,41704235000000,KG-N,extra\n")
        with pytest.raises(CommandError, match="more values than the header"):
            run(path, "--apply")

    def test_a_file_without_the_columns_is_refused(self, tmp_path):
        path = tmp_path / "old.csv"
        path.write_text("region,kind,name_ky\nKG-N,ayil_okmotu,А\n", encoding="utf-8")
        with pytest.raises(CommandError, match="missing column"):
            run(path, "--apply")

    def test_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="File not found"):
            run(tmp_path / "nope.csv")


@pytest.mark.django_db
def test_errors_are_in_the_operators_language(tmp_path):
    rows = register_rows()
    rows[5]["region"] = "KG-Q"
    with translation.override("ru"), pytest.raises(CommandError) as error:
        run(write(tmp_path, rows), "--apply")
    assert "Строка 7" in str(error.value)
