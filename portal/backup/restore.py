"""Restoring a backup into a fresh database and media folder, then proving the
copy: every table's row count and checksum, every sequence and every file's
SHA-256 as the manifest says.

Everything that can be checked before a change is checked first (the archive's
dump and files against the manifest, the key, the target being empty), so a
refused restore changes nothing."""

from __future__ import annotations

import hashlib
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import database as db
from .archive import CHUNK, DUMP, MANIFEST, MEDIA, read_manifest, sha256_of
from .database import BackupError, Database


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)


def key_check(manifest: dict, configured: list[str]) -> str | None:
    """What is wrong with the configured keys for this backup, or None: every
    key the backup was made with must be configured (the sealed bids may be
    sealed under any of them)."""
    recorded = manifest["bid_encryption_keys"]["fingerprints"]
    missing = [fp for fp in recorded if fp not in configured]
    if not missing:
        return None
    return (
        "the bid encryption key of this backup is not configured: sealed bids, "
        "bid files and receipts of the restored copy would not open.\n"
        f"  backup's key fingerprints:     {', '.join(recorded) or '(none)'}\n"
        f"  configured key fingerprints:   {', '.join(configured) or '(none)'}\n"
        "Set BID_ENCRYPTION_KEY to the key(s) in force when the backup was made "
        "(make run: .run/bid-encryption.key), or pass --allow-other-key to "
        "restore anyway."
    )


def _safe_media_name(name: str) -> str | None:
    """The path inside the media folder of an archive member, or None when the
    member is not a media file or its name could lead out of the folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.parts[:1] != (MEDIA,):
        return None
    if len(path.parts) < 2:
        return None
    return PurePosixPath(*path.parts[1:]).as_posix()


def _verify_archive(archive_path: Path, manifest: dict) -> None:
    """The dump and every media file in the archive match the manifest, and
    the archive holds nothing else."""
    expected = manifest["media"]
    seen = set()
    with tarfile.open(archive_path, mode="r:") as tar:
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.isdir():
                continue
            if not member.isfile():
                raise BackupError(f"archive member {member.name!r} is not a file")
            if member.name == DUMP:
                want = manifest["database"]["dump_sha256"]
            else:
                relative = _safe_media_name(member.name)
                if relative is None or relative not in expected:
                    raise BackupError(
                        f"archive member {member.name!r} is not in the manifest"
                    )
                want = expected[relative]["sha256"]
                seen.add(relative)
            digest = hashlib.sha256()
            handle = tar.extractfile(member)
            for chunk in iter(lambda h=handle: h.read(CHUNK), b""):
                digest.update(chunk)
            if digest.hexdigest() != want:
                raise BackupError(
                    f"{member.name} in the archive does not match the manifest "
                    "(damaged or altered archive)"
                )
            if member.name == DUMP:
                seen.add(DUMP)
    missing = (set(expected) | {DUMP}) - seen
    if missing:
        raise BackupError(f"files missing from the archive: {sorted(missing)[:5]}")


def _media_in_use(media_root: Path) -> bool:
    return media_root.exists() and any(p.is_file() for p in media_root.rglob("*"))


def restore_backup(
    archive_path: Path,
    database: Database,
    media_root: Path,
    *,
    key_fingerprints: list[str],
    force: bool = False,
    allow_other_key: bool = False,
) -> RestoreReport:
    archive_path, media_root = Path(archive_path), Path(media_root)
    report = RestoreReport()
    manifest = read_manifest(archive_path)
    problem = key_check(manifest, key_fingerprints)
    if problem and not allow_other_key:
        raise BackupError(problem)
    if problem:
        report.warnings.append(problem.split("\n")[0])
    _verify_archive(archive_path, manifest)
    db.ensure_database(database)
    if db.user_relations(database) and not force:
        raise BackupError(
            f"database {database.label()} is not empty: restore into a fresh "
            "database, or pass --force to replace everything in it"
        )
    if _media_in_use(media_root) and not force:
        raise BackupError(
            f"media folder {media_root} holds files: restore into an empty "
            "folder, or pass --force to add the backup's files over them"
        )
    if force:
        db.empty(database)
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        with tarfile.open(archive_path, mode="r:") as tar:
            tar.extract(tar.getmember(DUMP), work, filter="data")
        if sha256_of(Path(work) / DUMP) != manifest["database"]["dump_sha256"]:
            raise BackupError("the dump changed while it was restored")
        db.restore(database, Path(work) / DUMP)
    _extract_media(archive_path, media_root)
    _verify_restored(manifest, database, media_root, report)
    return report


def _extract_media(archive_path: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, mode="r:") as tar:
        for member in tar:
            relative = _safe_media_name(member.name)
            if relative is None or not member.isfile():
                continue
            member.name = relative
            # the "data" filter refuses absolute names, links out of the
            # folder and special files, and drops set-uid bits
            tar.extract(member, media_root, filter="data")


def _verify_restored(
    manifest: dict, database: Database, media_root: Path, report: RestoreReport
) -> None:
    want = manifest["database"]
    got = db.current_fingerprint(database)
    differences = [
        f"table {name}: {got['tables'].get(name)} instead of {expected}"
        for name, expected in want["tables"].items()
        if got["tables"].get(name) != expected
    ]
    extra = set(got["tables"]) - set(want["tables"])
    differences += [f"table {name} is not in the backup" for name in sorted(extra)]
    differences += [
        f"sequence {name}: {got['sequences'].get(name)} instead of {value}"
        for name, value in want["sequences"].items()
        if got["sequences"].get(name) != value
    ]
    for relative, expected in manifest["media"].items():
        path = media_root / relative
        if not path.is_file() or sha256_of(path) != expected["sha256"]:
            differences.append(f"file {relative} differs from the backup")
    if differences:
        raise BackupError(
            "the restored copy does not match the backup's manifest "
            f"({len(differences)} differences, left in place for inspection):\n  "
            + "\n  ".join(differences[:20])
        )
    report.tables = len(want["tables"])
    report.rows = sum(t["rows"] for t in want["tables"].values())
    report.files = len(manifest["media"])
