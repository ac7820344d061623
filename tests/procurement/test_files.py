"""Documents are accepted by their content, never by their name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.errors import DomainError
from procurement.files import DOCX, ODT, PDF, XLSX, check_upload
from tests.procurement.factories import (
    PDF_BYTES,
    docx_bytes,
    odt_bytes,
    xlsx_bytes,
    zip_bytes,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


class TestAccepted:
    @pytest.mark.parametrize(
        ("name", "data", "kind", "stored_as"),
        [
            ("tor.pdf", PDF_BYTES, PDF, "tor.pdf"),
            ("cv.docx", docx_bytes(), DOCX, "cv.docx"),
            ("budget.xlsx", xlsx_bytes(), XLSX, "budget.xlsx"),
            ("plan.odt", odt_bytes(), ODT, "plan.odt"),
            # a real document under a wrong name keeps its true extension
            ("offer.txt", PDF_BYTES, PDF, "offer.pdf"),
            ("team.pdf", docx_bytes(), DOCX, "team.docx"),
        ],
    )
    def test_by_content(self, name, data, kind, stored_as):
        checked = check_upload(upload(name, data))
        assert checked.content_type == kind
        assert checked.name == stored_as
        assert len(checked.sha256) == 64


class TestRefused:
    @pytest.mark.parametrize(
        ("name", "data"),
        [
            ("photo.pdf", PNG),
            ("setup.pdf", EXE),
            ("notes.docx", b"just text pretending to be a document"),
            ("archive.docx", zip_bytes({"readme.txt": "hello"})),
            ("fake.docx", zip_bytes({"word/document.xml": "<w/>"})),
            ("fake.xlsx", zip_bytes({"[Content_Types].xml": "<T/>"})),
            (
                "slides.odt",
                zip_bytes(
                    {
                        "mimetype": "application/vnd.oasis.opendocument.presentation",
                        "content.xml": "<x/>",
                    }
                ),
            ),
            ("broken.docx", b"PK\x03\x04 not really a zip"),
            ("empty.pdf", b""),
        ],
    )
    def test_disguised_files(self, name, data):
        with pytest.raises(DomainError, match="not a PDF, DOCX, XLSX or ODT"):
            check_upload(upload(name, data))

    def test_size_limit(self, settings):
        settings.UPLOAD_MAX_BYTES = 1000
        with pytest.raises(DomainError, match="larger than"):
            check_upload(upload("big.pdf", PDF_BYTES + b"0" * 1000))
        assert check_upload(upload("small.pdf", PDF_BYTES)).size == len(PDF_BYTES)
