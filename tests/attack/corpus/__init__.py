"""The hostile upload corpus: every file is generated here, never committed
(a zip bomb, 20 MiB files), so the repository stays small.

    .venv/bin/python -m tests.attack.corpus OUT_DIR

writes the corpus to OUT_DIR to try it by hand (the oversize file and the bomb
included). Each item names what it imitates; tests/attack/test_uploads.py posts
each to every upload endpoint of the portal."""

import functools
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tests.procurement.factories import PDF_BYTES, docx_bytes, zip_bytes

MiB = 1024 * 1024
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 16 + b"PE\x00\x00"
DOCX_PARTS = {
    "[Content_Types].xml": "<Types/>",
    "_rels/.rels": "<Relationships/>",
    "word/document.xml": "<w:document/>",
}
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>fetch('/api/v1/bids/').then(r=>r.text()).then(alert)</script>"
    b'<rect width="10" height="10" onload="alert(document.cookie)"/></svg>\n'
)


@dataclass(frozen=True)
class Hostile:
    key: str
    name: str  # as the attacker's browser sends it
    make: object  # () -> bytes, so big items are built only when used

    @property
    def data(self) -> bytes:
        return self.make()


@functools.cache
def oversize(limit: int) -> bytes:
    """A real PDF padded past `limit` bytes (a comment after %%EOF)."""
    return PDF_BYTES + b"%" + b"0" * (limit - len(PDF_BYTES) + 1)


@functools.cache
def zip_bomb(mib: int = 160) -> bytes:
    """A .docx of a few hundred KB whose document.xml inflates to `mib` MiB
    (past UPLOAD_MAX_UNCOMPRESSED_BYTES, 100 MiB), written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(MiB)
            for _ in range(mib):
                member.write(zeros)
    return buffer.getvalue()


def hollow_docx() -> bytes:
    """The right name and a zip, but no [Content_Types].xml nor document.xml."""
    return zip_bytes({"docProps/app.xml": "<Properties/>", "_rels/.rels": "<R/>"})


def pdf_zip_polyglot() -> bytes:
    """A real PDF with a whole DOCX appended: a PDF reader and unzip both
    open it."""
    return PDF_BYTES + docx_bytes()


def zip_pdf_polyglot() -> bytes:
    """A DOCX whose first member's name carries the PDF header."""
    return zip_bytes({"%PDF-1.7 obj": "x", **DOCX_PARTS})


# file names: Django's multipart parser keeps only the last path component and
# drops unprintable characters; the tests check that, and that the portal
# stores nothing under the attacker's path
TRAVERSAL = "../../../../tmp/hostile-upload-climb.pdf"
WINDOWS_TRAVERSAL = "..\\..\\hostile-upload-climb.pdf"
NUL_NAME = "offer.pdf\x00.exe"
CRLF_NAME = "offer\r\nContent-Type: text/html\r\n.pdf"
RTL_NAME = "offer\u202efdp.exe"  # shows as "offerexe.pdf"

CORPUS = [
    Hostile("elf-behind-pdf-header", "offer.pdf", lambda: b"%PDF-1.4\n" + ELF),
    Hostile("mz-behind-pdf-header", "offer.pdf", lambda: b"%PDF-1.7\n" + MZ),
    Hostile("bare-executable", "setup.pdf", lambda: MZ),
    Hostile("zip-bomb", "report.docx", zip_bomb),
    Hostile("hollow-ooxml", "report.docx", hollow_docx),
    Hostile("pdf-zip-polyglot", "offer.pdf", pdf_zip_polyglot),
    Hostile("zip-pdf-polyglot", "offer.docx", zip_pdf_polyglot),
    Hostile("svg-with-script", "plan.svg", lambda: SVG),
    Hostile("svg-named-pdf", "plan.pdf", lambda: SVG),
    Hostile("traversal-name", TRAVERSAL, lambda: MZ),
    Hostile("windows-traversal-name", WINDOWS_TRAVERSAL, lambda: MZ),
    Hostile("nul-in-name", NUL_NAME, lambda: MZ),
    Hostile("crlf-in-name", CRLF_NAME, lambda: MZ),
    Hostile("rtl-override-name", RTL_NAME, lambda: MZ),
    Hostile("empty", "empty.pdf", lambda: b""),
]


def write(out: Path, upload_max_bytes: int = 20 * MiB) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    items = [
        *CORPUS,
        Hostile("oversize", "big.pdf", lambda: oversize(upload_max_bytes)),
    ]
    written = []
    for item in items:
        # a file system cannot hold every hostile name: the key prefixes a safe one
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in item.name)
        path = out / f"{item.key}--{safe.lstrip('._')}"
        path.write_bytes(item.data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1])):
        print(path)
