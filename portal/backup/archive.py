"""Making a backup: one tar archive holding ``manifest.json``, ``database.dump``
(pg_dump custom format) and ``media/…`` (the media folder as it was).

The manifest records, for checking the copy and its restore: the SHA-256 of the
dump, every table's row count and checksum and every sequence's value (taken in
the dump's own snapshot), every media file's size and SHA-256, and the
fingerprints of the bid encryption keys (``procurement.crypto.key_fingerprint``),
never a key. The archive holds sealed bids as they are stored: without the key
nobody reads them, with it everybody can; keep it as the database itself."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from . import database as db
from .database import BackupError, Database

FORMAT = "bazhba-backup/1"
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """Reads a file for the tar while hashing exactly the bytes archived."""

    def __init__(self, handle, size: int):
        self.handle, self.left, self.digest = handle, size, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.handle.read(size)
        if len(data) < size:
            raise BackupError(
                f"{self.handle.name} shrank while it was archived; run the backup again"
            )
        self.left -= len(data)
        self.digest.update(data)
        return data


def media_files(media_root: Path) -> list[Path]:
    """Regular files under the media folder (symbolic links are not followed:
    a link could lead out of it), sorted."""
    if not media_root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(media_root, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(
    database: Database,
    media_root: Path,
    output_dir: Path,
    *,
    key_fingerprints: list[str],
    now: datetime | None = None,
) -> Path:
    """Write a backup archive into output_dir (readable by its owner only) and
    return its path."""
    now = now or datetime.now(UTC)
    media_root = Path(media_root)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"portal-{now:%Y%m%dT%H%M%SZ}.tar"
    if target.exists():
        raise BackupError(f"{target} exists already")
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        dump_path = Path(work) / DUMP
        with db.exported_snapshot(database) as (cursor, snapshot):
            db.dump(database, dump_path, snapshot=snapshot)
            contents = db.fingerprint(cursor)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {
                "name": database.name,
                "dump": DUMP,
                "dump_sha256": sha256_of(dump_path),
                **contents,
            },
            "bid_encryption_keys": {
                "fingerprints": list(key_fingerprints),
                "how": "procurement.crypto.key_fingerprint: SHA-256 of a fixed "
                "prefix and the key; the key itself is not in this archive",
            },
            "media": {},
        }
        partial = target.with_suffix(".tar.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
                tar.add(dump_path, arcname=DUMP)
                for path in media_files(media_root):
                    relative = path.relative_to(media_root).as_posix()
                    with open(path, "rb") as handle:
                        info = tar.gettarinfo(
                            arcname=f"{MEDIA}/{relative}", fileobj=handle
                        )
                        info.uid = info.gid = 0
                        info.uname = info.gname = ""
                        hashing = _Hashing(handle, info.size)
                        tar.addfile(info, hashing)
                    manifest["media"][relative] = {
                        "size": info.size,
                        "sha256": hashing.digest.hexdigest(),
                    }
                _add_bytes(
                    tar,
                    MANIFEST,
                    json.dumps(manifest, indent=1, sort_keys=True).encode(),
                )
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return target


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, mode="r:") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.load(tar.extractfile(member))
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{archive_path} is not a portal backup: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive_path}: unknown backup format {manifest.get('format')!r}"
        )
    return manifest
