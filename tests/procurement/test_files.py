"""Documents are accepted by their content, never by their name, and only when
the content parses as the document it claims to be."""

import functools
import io
import struct
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from pypdf import PdfWriter

from portal.errors import DomainError
from procurement import crypto
from procurement.files import DOCX, ODT, PDF, XLSX, check_upload
from procurement.models import Bid, BidDraftFile, BidFile
from tests.procurement.factories import (
    PDF_BYTES,
    certified_consultant,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    published_tender,
    xlsx_bytes,
    zip_bytes,
)

MiB = 1024 * 1024
DOCX_PARTS = {
    "[Content_Types].xml": "<Types/>",
    "_rels/.rels": "<Relationships/>",
    "word/document.xml": "<w:document/>",
}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def sloppy_xref_pdf() -> bytes:
    """A real PDF whose startxref is a few bytes off, as some scanners write."""
    good = pdf_bytes()
    start = good.rindex(b"startxref\n") + len(b"startxref\n")
    end = good.index(b"\n", start)
    return good[:start] + str(int(good[start:end]) + 3).encode() + good[end:]


def openpyxl_bytes() -> bytes:
    book = Workbook()
    book.active.append(["ID", "Consultant"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def deflated(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@functools.cache
def zip_bomb(gib: int = 1) -> bytes:
    """A .docx of about 1 MB whose document.xml inflates to `gib` GiB of zeros,
    written in chunks as an attacker's script would."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(MiB)
            for _ in range(gib * 1024):
                member.write(zeros)
    return buffer.getvalue()


def lying_sizes(data: bytes, member: str, declared: int) -> bytes:
    """The archive with `member`'s uncompressed size rewritten in its local
    header and its central directory entry, so the declared size lies."""
    data = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(member)] == member.encode():
                data[start + offset : start + offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(data)


def encrypted_zip() -> bytes:
    """DOCX parts with the "encrypted" flag of a password-protected zip set in
    every local header and central directory entry."""
    data = bytearray(zip_bytes(DOCX_PARTS))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    return bytes(data)


def pdf_variant(*, pages=1, password=None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16


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
            ("pages.pdf", pdf_bytes(pages=3), PDF, "pages.pdf"),
            ("scan.pdf", sloppy_xref_pdf(), PDF, "scan.pdf"),
            ("sheet.xlsx", openpyxl_bytes(), XLSX, "sheet.xlsx"),
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


class TestHostile:
    """What the penetration test uploaded, and its cousins: each refused with
    its own message."""

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("offer.pdf", b"%PDF-1.4\n" + ELF, "not a readable PDF"),
            ("offer.pdf", b"%PDF-1.7\n%%EOF\n", "not a readable PDF"),
            ("truncated.pdf", PDF_BYTES[: len(PDF_BYTES) // 2], "not a readable PDF"),
            ("empty.pdf", pdf_variant(pages=0), "PDF without pages"),
            ("locked.pdf", pdf_variant(password="x"), "encrypted"),
            ("both.pdf", PDF_BYTES + docx_bytes(), "both a PDF and a zip"),
            ("both.docx", zip_bytes({"%PDF-1.4": "x", **DOCX_PARTS}), "both a PDF"),
            (
                "hollow.docx",
                zip_bytes(
                    {"[Content_Types].xml": "<Types/>", "docProps/app.xml": "<P/>"}
                ),
                "not a PDF, DOCX, XLSX or ODT",
            ),
            (
                "empty-body.docx",
                zip_bytes({**DOCX_PARTS, "word/document.xml": ""}),
                "not a PDF, DOCX, XLSX or ODT",
            ),
            (
                "both-kinds.docx",
                zip_bytes({**DOCX_PARTS, "xl/workbook.xml": "<wb/>"}),
                "not a PDF, DOCX, XLSX or ODT",
            ),
            (
                "late-mimetype.odt",
                zip_bytes(
                    {
                        "content.xml": "<x/>",
                        "mimetype": "application/vnd.oasis.opendocument.text",
                    }
                ),
                "not a PDF, DOCX, XLSX or ODT",
            ),
            ("climb.docx", zip_bytes({**DOCX_PARTS, "../../evil.sh": "rm"}), "unsafe"),
            ("abs.docx", zip_bytes({**DOCX_PARTS, "/etc/cron.d/x": "x"}), "unsafe"),
            ("win.docx", zip_bytes({**DOCX_PARTS, "..\\evil.bat": "x"}), "unsafe"),
            ("locked.docx", encrypted_zip(), "encrypted"),
            ("broken.docx", b"PK\x03\x04 not really a zip", "damaged archive"),
        ],
    )
    def test_refused_with_its_message(self, name, data, message):
        with pytest.raises(DomainError, match=message):
            check_upload(upload(name, data))

    def test_a_zip_bomb_is_refused_without_inflating_it(self):
        bomb = zip_bomb(gib=1)
        assert len(bomb) < 2 * MiB  # "a 1 MB .docx that inflates to 1 GiB"
        started = time.monotonic()
        with pytest.raises(DomainError, match="unpacks to more than 100"):
            check_upload(upload("bomb.docx", bomb))
        assert time.monotonic() - started < 30

    def test_a_bomb_that_lies_about_its_size_is_refused(self):
        """Declared sizes are not trusted: the members are read for real."""
        bomb = lying_sizes(zip_bomb(gib=1), "word/document.xml", declared=100)
        started = time.monotonic()
        with pytest.raises(DomainError, match="damaged archive"):
            check_upload(upload("bomb.docx", bomb))
        assert time.monotonic() - started < 30

    def test_a_member_compressed_too_strongly_is_refused(self):
        dense = deflated({**DOCX_PARTS, "word/media/blank.bin": bytes(20 * MiB)})
        with pytest.raises(DomainError, match="compressed more than 100 times"):
            check_upload(upload("dense.docx", dense))

    def test_real_bytes_count_against_the_limit(self, settings):
        settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 3 * MiB
        big = deflated({**DOCX_PARTS, "word/media/a.bin": bytes(2 * MiB)})
        big = lying_sizes(big, "word/media/a.bin", declared=10)
        with pytest.raises(DomainError, match="damaged archive"):
            check_upload(upload("big.docx", big))

    def test_too_many_members(self, settings):
        settings.UPLOAD_ZIP_MAX_MEMBERS = 5
        crowded = zip_bytes(
            {**DOCX_PARTS, **{f"word/p{i}.xml": "<p/>" for i in range(5)}}
        )
        with pytest.raises(DomainError, match="more than 5 parts"):
            check_upload(upload("crowded.docx", crowded))

    @pytest.mark.parametrize(
        ("language", "text"),
        [("ru", "повреждена"), ("ky", "бузулган")],
    )
    def test_messages_are_translated(self, language, text):
        with translation.override(language), pytest.raises(DomainError) as refused:
            check_upload(upload("offer.pdf", b"%PDF-1.4\n" + ELF))
        assert text in refused.value.message


@pytest.mark.django_db
class TestRefusalSavesNothing:
    def test_a_bid_with_a_zip_bomb_is_not_saved(self, client_for, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        tender = published_tender()
        consultant = certified_consultant()
        response = client_for(consultant.user).post(
            reverse("procurement:bid-submit", args=[tender.pk]),
            {
                "technical_proposal": "Методология.",
                "proposed_team": "Асан — жетекчи",
                "price": "321000",
                "conflict_of_interest_declared": "on",
                "technical_files": [SimpleUploadedFile("plan.pdf", PDF_BYTES)],
                "cv_files": [SimpleUploadedFile("cv.docx", zip_bomb(gib=1))],
            },
        )
        assert response.status_code == 200
        assert "unpacks to more than" in response.content.decode()
        assert not Bid.objects.exists() and not BidFile.objects.exists()
        # only the good file is kept, as the bidder's encrypted draft (issue
        # 12: a failed submission keeps what passed); the bomb is not stored
        (draft,) = BidDraftFile.objects.all()
        assert draft.original_name == "plan.pdf"
        (stored,) = tmp_path.rglob("*.bin")
        assert crypto.decrypt(stored.read_bytes()) == PDF_BYTES
