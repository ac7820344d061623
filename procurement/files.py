"""Checks of uploaded documents by their content, never by their name."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal.errors import DomainError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt"}


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    name: str  # the original name with the extension the content deserves
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def _zip_kind(data: bytes) -> str | None:
    """DOCX, XLSX and ODT are zip containers: tell them by their inner parts."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip().decode("ascii", "replace")
                if mimetype == ODT and "content.xml" in names:
                    return ODT
                return None
            if "[Content_Types].xml" not in names:
                return None
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def detect(data: bytes) -> str | None:
    """The document type of the content, or None when it is not accepted."""
    if data.startswith(b"%PDF-"):
        guess = filetype.guess(data[:8192])
        return PDF if guess is None or guess.mime == PDF else None
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


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
    content_type = detect(data)
    if content_type is None:
        raise DomainError(
            _("%(name)s is not a PDF, DOCX, XLSX or ODT document.")
            % {"name": upload.name}
        )
    stem = (upload.name or "document").rsplit("/", 1)[-1].rsplit(".", 1)[0][:150]
    return CheckedFile(
        data=data,
        content_type=content_type,
        name=f"{stem or 'document'}.{EXTENSIONS[content_type]}",
        sha256=hashlib.sha256(data).hexdigest(),
    )
