"""The portal's upload endpoints, as the attack tests post to them: who may
post, where, with which other fields, and which rows a refusal must leave
unchanged; a multipart encoder that keeps hostile file names as they are."""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings as django_settings
from django.http.multipartparser import MultiPartParser
from django.urls import reverse
from django.utils import translation

from consultants.models import Consultant
from municipalities.models import Municipality
from procurement.models import Amendment, Bid, BidDraftFile, BidFile, TenderDocument
from tests.accounts.factories import AcademyAdminFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import certified_consultant, published_tender
from tests.procurement.test_api_write import own_published, own_tender
from tests.trainings.factories import EndedTrainingFactory
from trainings.models import Participant

BOUNDARY = "hostile-boundary-7d1f"


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> bytes:
    """A multipart body written as an attacker's script writes it: the file
    names go out exactly as given (Django's test client would clean them)."""
    lines = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            lines += [
                f"--{BOUNDARY}".encode(),
                f'Content-Disposition: form-data; name="{name}"'.encode(),
                b"",
                str(value).encode(),
            ]
    for field, filename, data in files:
        lines += [
            f"--{BOUNDARY}".encode(),
            f'Content-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"'.encode(),
            b"Content-Type: application/octet-stream",
            b"",
            data,
        ]
    lines += [f"--{BOUNDARY}--".encode(), b""]
    return b"\r\n".join(lines)


def received_name(name: str) -> str:
    """The name the portal's code receives from Django's multipart parser."""
    return MultiPartParser.sanitize_file_name(None, name) or ""


@dataclass
class Endpoint:
    key: str
    kind: str  # document | csv | xlsx
    api: bool
    field: str
    setup: object  # () -> (user, url, fields)
    saved: object  # () -> tuple of counts that a refusal must not change


def _bid_html():
    tender, bidder = published_tender(), certified_consultant()
    with translation.override("ky"):
        url = reverse("procurement:bid-submit", args=[tender.pk])
    return bidder.user, url, _bid_fields()


def _bid_api():
    tender, bidder = published_tender(), certified_consultant()
    return bidder.user, f"/api/v1/tenders/{tender.pk}/bids/", _bid_fields("true")


def _bid_fields(declared="on"):
    return {
        "technical_proposal": "Катышуучулук менен пландоо.",
        "proposed_team": "Асан Үсөнов — жетекчи",
        "price": "300000",
        "conflict_of_interest_declared": declared,
    }


def _document_html():
    staff = staff_user()
    tender = own_tender(staff)
    with translation.override("ky"):
        url = reverse("procurement:document-add", args=[tender.pk])
    return staff, url, {"title": "Техникалык тапшырма"}


def _document_api():
    staff = staff_user()
    tender = own_tender(staff)
    return staff, f"/api/v1/tenders/{tender.pk}/documents/", {"title": "ТТ"}


def _amend_html():
    staff = staff_user()
    tender = own_published(staff)
    with translation.override("ky"):
        url = reverse("procurement:tender-amend", args=[tender.pk])
    return staff, url, {"summary": "Жаңы документ", "document_title": "ТТ 2"}


def _amend_api():
    staff = staff_user()
    tender = own_published(staff)
    url = f"/api/v1/tenders/{tender.pk}/amend/"
    return staff, url, {"summary": "Жаңы документ", "document_title": "ТТ 2"}


def _names_csv():
    with translation.override("ky"):
        url = reverse("municipalities:names-list")
    return AcademyAdminFactory(), url, {}


def _attendance_xlsx():
    training = EndedTrainingFactory()
    with translation.override("ky"):
        url = reverse("trainings:training-attendance", args=[training.pk])
    return AcademyAdminFactory(), url, {"action": "upload"}


def staff_user():
    return StaffMembershipFactory().user


def _procurement_rows():
    return (
        Bid.objects.count(),
        BidFile.objects.count(),
        BidDraftFile.objects.count(),
        TenderDocument.objects.count(),
        Amendment.objects.count(),
    )


def names_snapshot():
    return tuple(Municipality.objects.order_by("pk").values_list("name_ky", "name_en"))


def _participants():
    return (Participant.objects.count(), Consultant.objects.count())


ENDPOINTS = [
    Endpoint(
        "bid-page", "document", False, "technical_files", _bid_html, _procurement_rows
    ),
    Endpoint(
        "bid-api", "document", True, "technical_files", _bid_api, _procurement_rows
    ),
    Endpoint(
        "document-page", "document", False, "file", _document_html, _procurement_rows
    ),
    Endpoint(
        "document-api", "document", True, "file", _document_api, _procurement_rows
    ),
    Endpoint(
        "amend-page", "document", False, "document", _amend_html, _procurement_rows
    ),
    Endpoint("amend-api", "document", True, "document", _amend_api, _procurement_rows),
    Endpoint("names-csv", "csv", False, "file", _names_csv, names_snapshot),
    Endpoint("attendance-xlsx", "xlsx", False, "file", _attendance_xlsx, _participants),
]


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def outside_traces() -> list[Path]:
    """Files an upload's name could have aimed at outside the media folder."""
    places = [Path(tempfile.gettempdir()), Path(django_settings.BASE_DIR), Path("/")]
    return [p for place in places for p in place.glob("hostile-upload-climb*")]
