"""Uploaded zip containers (DOCX, XLSX, ODT, attendance workbooks) are unpacked
before anything trusts them: every member is read for real, in chunks, under
caps on the number of members, on the bytes they unpack to and on the
compression ratio, so that a small upload cannot inflate into gigabytes, and
encrypted archives and members with unsafe names are refused.

The limits live in settings (UPLOAD_MAX_UNCOMPRESSED_BYTES,
UPLOAD_MAX_COMPRESSION_RATIO, UPLOAD_ZIP_MAX_MEMBERS); every app asks
`zip_check` and none repeats the rule."""

import io
import zipfile
import zlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal.errors import DomainError

CHUNK = 64 * 1024
# small members compress well for innocent reasons (runs of XML, blank space):
# the ratio limit applies once a member unpacks to more than this
RATIO_FLOOR = 1024 * 1024
ENCRYPTED = 0x1  # general purpose flag bit 0


def _unsafe(member: str) -> bool:
    parts = member.replace("\\", "/").split("/")
    return (
        member.startswith(("/", "\\"))
        or (len(member) > 1 and member[1] == ":")  # C:...
        or ".." in parts
        or "\x00" in member
    )


def zip_check(data: bytes, *, name: str) -> zipfile.ZipFile:
    """The archive opened, once every member has passed the limits; raises
    DomainError (translated) for a damaged, encrypted, oversized, too strongly
    compressed archive or one with unsafe member names."""
    members_limit = settings.UPLOAD_ZIP_MAX_MEMBERS
    bytes_limit = settings.UPLOAD_MAX_UNCOMPRESSED_BYTES
    ratio_limit = settings.UPLOAD_MAX_COMPRESSION_RATIO
    too_big = _("%(name)s unpacks to more than %(limit)s.") % {
        "name": name,
        "limit": filesizeformat(bytes_limit),
    }
    too_dense = _(
        "%(name)s is compressed more than %(ratio)s times, as no real "
        "document is; upload it unchanged from your office program."
    ) % {"name": name, "ratio": ratio_limit}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DomainError(_("%(name)s is a damaged archive.") % {"name": name}) from exc
    if len(infos) > members_limit:
        raise DomainError(
            _("%(name)s has more than %(limit)s parts.")
            % {"name": name, "limit": members_limit}
        )
    names = [info.filename for info in infos]
    if any(_unsafe(member) for member in names) or len(set(names)) != len(names):
        raise DomainError(
            _("%(name)s contains a part with an unsafe or repeated name.")
            % {"name": name}
        )
    if any(info.flag_bits & ENCRYPTED for info in infos):
        raise DomainError(
            _("%(name)s is encrypted; upload it without a password.") % {"name": name}
        )
    # the declared sizes give a quick answer; the real bytes decide
    if sum(info.file_size for info in infos) > bytes_limit:
        raise DomainError(too_big)
    total = 0
    try:
        for info in infos:
            cap = max(ratio_limit * max(info.compress_size, 1), RATIO_FLOOR)
            size = 0
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if total > bytes_limit:
                        raise DomainError(too_big)
                    if size > cap:
                        raise DomainError(too_dense)
    except DomainError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        # a bad CRC, a size that lies, an unsupported compression method
        raise DomainError(_("%(name)s is a damaged archive.") % {"name": name}) from exc
    return archive
