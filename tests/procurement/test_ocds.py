"""OCDS 1.1 output: structure, endpoints and validation against the 1.1.5 schema
with libcoveocds (offline, with the schema zip in ../shared)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from procurement.models import TenderStatus
from tests.procurement.factories import TenderFactory, tender_at_status

SCHEMA_ZIP = (
    Path(django_settings.BASE_DIR).parent
    / "shared/data/ocds/standard-1__1__5-schema.zip"
)
LIBCOVE = Path(sys.executable).parent / "libcoveocds"


def all_states():
    tenders = []
    for status in (
        TenderStatus.PUBLISHED,
        TenderStatus.UNSUCCESSFUL,
        TenderStatus.OPENED,
        TenderStatus.AWARD_PENDING,
        TenderStatus.COMPLETED,
    ):
        tender, _ = tender_at_status(
            status, bidders=1 if status == TenderStatus.UNSUCCESSFUL else 2
        )
        tenders.append(tender)
    cancelled, _ = tender_at_status(TenderStatus.PUBLISHED)
    from procurement import services

    services.tender_amend(
        tender=cancelled, by=None, changes={"contact_name": "Б"}, summary="Байланыш"
    )
    services.tender_cancel(
        tender=cancelled, by=None, reason="no_funds", explanation="Бюджет жок."
    )
    tenders.append(cancelled)
    return tenders


def validate_record_package(package) -> list[str]:
    """libcoveocds fetches the versioned release schema of record packages from
    the network; validate them with jsonschema and a local registry instead."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    folder = SCHEMA_ZIP.parent / "schema-1.1.5"
    if not folder.exists():
        pytest.skip(f"OCDS schema not found at {folder} (../shared absent)")
    base = "https://standard.open-contracting.org/schema/1__1__5/"
    resources = []
    for name in ("release-schema.json", "versioned-release-validation-schema.json"):
        contents = json.loads((folder / name).read_text())
        resources.append(
            (
                base + name,
                Resource.from_contents(contents, default_specification=DRAFT4),
            )
        )
    schema = json.loads((folder / "record-package-schema.json").read_text())
    validator = jsonschema.Draft4Validator(
        schema,
        registry=Registry().with_resources(resources),
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )
    return [error.message for error in validator.iter_errors(package)]


def validate(tmp_path, package) -> dict:
    if not SCHEMA_ZIP.exists():
        pytest.skip(f"OCDS schema zip not found at {SCHEMA_ZIP} (../shared absent)")
    path = tmp_path / "package.json"
    path.write_text(json.dumps(package, ensure_ascii=False))
    result = subprocess.run(
        [str(LIBCOVE), "--standard-zip", str(SCHEMA_ZIP), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.django_db
class TestOcds:
    def test_release_package_validates(self, client, tmp_path):
        all_states()
        TenderFactory()  # a draft is never published
        response = client.get("/api/v1/ocds/release-package/")
        assert response.status_code == 200
        package = response.json()
        tags = {tag for r in package["releases"] for tag in r["tag"]}
        assert {
            "tender",
            "tenderAmendment",
            "tenderUpdate",
            "tenderCancellation",
            "award",
            "awardUpdate",
            "contract",
            "contractUpdate",
        } <= tags
        for release in package["releases"]:
            assert release["ocid"].startswith("ocds-bazhba-")
            assert release["tender"]["additionalProcurementCategories"] == [
                "consultingServices"
            ]
        report = validate(tmp_path, package)
        assert report["validation_errors"] == []

    def test_record_package_validates(self, client, tmp_path):
        tender, _ = tender_at_status(TenderStatus.COMPLETED)
        response = client.get(f"/api/v1/ocds/record-package/{tender.ocid}/")
        assert response.status_code == 200
        package = response.json()
        record = package["records"][0]
        assert record["ocid"] == tender.ocid
        compiled = record["compiledRelease"]
        assert compiled["tender"]["status"] == "complete"
        assert compiled["contracts"][0]["status"] == "terminated"
        assert compiled["awards"][0]["suppliers"][0]["name"]
        assert validate_record_package(package) == []
        # the record's releases, compiled release included, pass libcoveocds too
        as_releases = {
            key: package[key]
            for key in ("uri", "version", "publishedDate", "publisher")
        }
        as_releases["releases"] = [*record["releases"], compiled]
        report = validate(tmp_path, as_releases)
        assert report["validation_errors"] == []

    def test_record_validation_catches_errors(self, client):
        tender, _ = tender_at_status(TenderStatus.PUBLISHED)
        package = client.get(f"/api/v1/ocds/record-package/{tender.ocid}/").json()
        package["records"][0]["releases"][0]["date"] = "not a date"
        assert validate_record_package(package)

    def test_draft_has_no_record(self, client):
        draft = TenderFactory()
        response = client.get(f"/api/v1/ocds/record-package/{draft.ocid}/")
        assert response.status_code == 404
        assert client.get("/api/v1/ocds/record-package/nonsense/").status_code == 404

    def test_no_prices_of_bids_in_open_data(self, client):
        tender, bids = tender_at_status(TenderStatus.OPENED)
        body = client.get("/api/v1/ocds/release-package/").content.decode()
        assert "450000" not in body  # the losing price is never published
        assert '"numberOfTenderers": 2' in body or '"numberOfTenderers":2' in body

    def test_date_filter(self, client):
        tender, _ = tender_at_status(TenderStatus.PUBLISHED)
        day = timezone.localtime(tender.published_at).date()  # Bishkek dates
        same = client.get(f"/api/v1/ocds/release-package/?since={day}&until={day}")
        after = client.get(
            f"/api/v1/ocds/release-package/?since={day.replace(year=day.year + 1)}"
        )
        assert len(same.json()["releases"]) == 1
        assert after.json()["releases"] == []
        bad = client.get("/api/v1/ocds/release-package/?since=yesterday")
        assert bad.status_code == 400

    def test_constant_queries(self, client, django_assert_max_num_queries):
        for _ in range(3):
            tender_at_status(TenderStatus.COMPLETED)
        with django_assert_max_num_queries(12):
            client.get("/api/v1/ocds/release-package/")
