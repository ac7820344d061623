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
from procurement.ocds import EXTENSIONS
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


BID_EXTENSION = Path(__file__).parent / "data/bid-extension-release-schema.json"


def get_json(client, url, **kwargs):
    """The JSON of a response, streamed (the packages) or not."""
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return json.loads(b"".join(response.streaming_content))
    return response.json()


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch, as OCDS applies an extension's schema."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def schema_folder() -> Path:
    folder = SCHEMA_ZIP.parent / "schema-1.1.5"
    if not folder.exists():
        pytest.skip(f"OCDS schema not found at {folder} (../shared absent)")
    return folder


def extended_release_schema() -> dict:
    """The 1.1.5 release schema with the bids extension the packages declare."""
    schema = json.loads((schema_folder() / "release-schema.json").read_text())
    return merge_patch(schema, json.loads(BID_EXTENSION.read_text()))


def validate_package(package, kind="record") -> list[str]:
    """libcoveocds cannot fetch the declared extensions (nor, for record
    packages, the versioned release schema) offline: validate with jsonschema,
    a local registry and the release schema extended with the bids extension."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    folder = schema_folder()
    base = "https://standard.open-contracting.org/schema/1__1__5/"
    contents = {
        "release-schema.json": extended_release_schema(),
        "versioned-release-validation-schema.json": json.loads(
            (folder / "versioned-release-validation-schema.json").read_text()
        ),
    }
    resources = [
        (base + name, Resource.from_contents(value, default_specification=DRAFT4))
        for name, value in contents.items()
    ]
    schema = json.loads((folder / f"{kind}-package-schema.json").read_text())
    validator = jsonschema.Draft4Validator(
        schema,
        registry=Registry().with_resources(resources),
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )
    return [error.message for error in validator.iter_errors(package)]


def validate_record_package(package) -> list[str]:
    return validate_package(package, "record")


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
        package = get_json(client, "/api/v1/ocds/release-package/")
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
        assert package["extensions"] == EXTENSIONS
        assert any("bids" in release for release in package["releases"])
        assert validate_package(package, "release") == []
        report = validate(tmp_path, package)
        assert report["validation_errors"] == []

    def test_record_package_validates(self, client, tmp_path):
        tender, _ = tender_at_status(TenderStatus.COMPLETED)
        package = get_json(client, f"/api/v1/ocds/record-package/{tender.ocid}/")
        record = package["records"][0]
        assert record["ocid"] == tender.ocid
        compiled = record["compiledRelease"]
        assert compiled["tag"] == ["compiled"]
        assert compiled["tender"]["status"] == "complete"
        assert compiled["contracts"][0]["status"] == "terminated"
        assert compiled["awards"][0]["suppliers"][0]["name"]
        assert len(compiled["bids"]["details"]) == 2
        assert validate_record_package(package) == []
        # the record's releases, compiled release included, pass libcoveocds too
        as_releases = {
            key: package[key]
            for key in ("uri", "version", "publishedDate", "publisher")
        }
        as_releases["releases"] = [*record["releases"], compiled]
        assert validate_package(as_releases, "release") == []
        report = validate(tmp_path, as_releases)
        assert report["validation_errors"] == []

    def test_validation_catches_errors(self, client):
        tender, _ = tender_at_status(TenderStatus.OPENED)
        package = get_json(client, f"/api/v1/ocds/record-package/{tender.ocid}/")
        package["records"][0]["releases"][0]["date"] = "not a date"
        assert validate_record_package(package)
        package = get_json(client, "/api/v1/ocds/release-package/")
        package["releases"][-1]["bids"]["details"][0]["status"] = "opened"
        assert validate_package(package, "release")  # the extension is applied

    def test_draft_has_no_record(self, client):
        draft = TenderFactory()
        response = client.get(f"/api/v1/ocds/record-package/{draft.ocid}/")
        assert response.status_code == 404
        assert client.get("/api/v1/ocds/record-package/nonsense/").status_code == 404

    def test_date_filter(self, client):
        tender, _ = tender_at_status(TenderStatus.PUBLISHED)
        day = timezone.localtime(tender.published_at).date()  # Bishkek dates
        url = "/api/v1/ocds/release-package/"
        same = get_json(client, f"{url}?since={day}&until={day}")
        after = get_json(client, f"{url}?since={day.replace(year=day.year + 1)}")
        assert len(same["releases"]) == 1
        assert after["releases"] == []
        for bad in ("yesterday", "2026-02-30"):
            assert client.get(f"{url}?since={bad}").status_code == 400
        # the first and last days a date can name (found by Schemathesis: the
        # midnight after 9999-12-31 overflowed into a 500)
        widest = get_json(client, f"{url}?since=0001-01-01&until=9999-12-31")
        assert len(widest["releases"]) == 1

    def test_constant_queries(self, client, django_assert_max_num_queries):
        for _ in range(3):
            tender_at_status(TenderStatus.COMPLETED)
        with django_assert_max_num_queries(3):
            get_json(client, "/api/v1/ocds/release-package/")
        with django_assert_max_num_queries(4):
            get_json(client, "/api/v1/ocds/record-package/")
