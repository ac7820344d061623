"""Checks of uploaded documents by their content, never by their name.

A document is accepted only when it parses as what it claims to be: a PDF
opens with pypdf and has at least one page that resolves; a DOCX, XLSX or ODT is a
zip whose every member passes portal.uploads.zip_check (limits on members,
unpacked bytes and compression ratio, no encryption, no unsafe names) and that
holds the parts that make the format real. A file that is both a PDF and a zip
(a polyglot) is refused."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader

from portal.errors import DomainError
from portal.uploads import zip_check

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt"}
# the parts without which a zip is not the document it claims to be
OOXML_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
# PDF readers accept the header anywhere in the first 1024 bytes
PDF_HEADER_WINDOW = 1024


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    name: str  # the original name with the extension the content deserves
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def _not_a_document(name: str) -> DomainError:
    return DomainError(
        _("%(name)s is not a PDF, DOCX, XLSX or ODT document.") % {"name": name}
    )


def _check_pdf(data: bytes, name: str) -> str:
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise DomainError(
            _("%(name)s is both a PDF and a zip archive; upload a plain document.")
            % {"name": name}
        )
    try:
        # pypdf's strict mode also refuses the slightly wrong xref offsets that
        # many scanners and office programs write; a page that resolves is the
        # test that matters, and garbage after a header fails it either way
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
        if pages:
            reader.pages[0].mediabox  # noqa: B018 - the page object must resolve
    except Exception as exc:  # noqa: BLE001 - any parser failure means "damaged"
        raise DomainError(
            _("%(name)s is not a readable PDF: its structure is damaged.")
            % {"name": name}
        ) from exc
    if encrypted:
        raise DomainError(
            _("%(name)s is encrypted; upload it without a password.") % {"name": name}
        )
    if not pages:
        raise DomainError(_("%(name)s is a PDF without pages.") % {"name": name})
    return PDF


def _check_zip(data: bytes, name: str) -> str:
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        raise DomainError(
            _("%(name)s is both a PDF and a zip archive; upload a plain document.")
            % {"name": name}
        )
    archive = zip_check(data, name=name)  # every member read under the limits
    infos = archive.infolist()
    members = {info.filename: info for info in infos}
    if "mimetype" in members:
        # ODF: the first member, stored as is, names the format exactly
        if (
            infos[0].filename == "mimetype"
            and archive.read("mimetype") == ODT.encode()
            and members.get("content.xml", zipfile.ZipInfo()).file_size > 0
        ):
            return ODT
        raise _not_a_document(name)
    if "[Content_Types].xml" not in members:
        raise _not_a_document(name)
    kinds = [
        kind
        for kind, part in OOXML_PARTS.items()
        if part in members and members[part].file_size > 0
    ]
    if len(kinds) != 1:
        raise _not_a_document(name)
    return kinds[0]


def detect(data: bytes, *, name: str = "") -> str:
    """The document type of the content; raises DomainError (translated)
    saying why a content is refused."""
    name = name or _("The file")
    if data.startswith(b"%PDF-"):
        return _check_pdf(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _check_zip(data, name)
    raise _not_a_document(name)


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file, refuse it unless it is a PDF, DOCX, XLSX or ODT
    document within settings.UPLOAD_MAX_BYTES."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            _("%(name)s is larger than %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(limit)}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(
            _("%(name)s is larger than %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(limit)}
        )
    content_type = detect(data, name=upload.name)
    stem = (upload.name or "document").rsplit("/", 1)[-1].rsplit(".", 1)[0][:150]
    return CheckedFile(
        data=data,
        content_type=content_type,
        name=f"{stem or 'document'}.{EXTENSIONS[content_type]}",
        sha256=hashlib.sha256(data).hexdigest(),
    )
