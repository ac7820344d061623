"""Backups (issue 15): `make backup` / `make restore FILE=…` through
portal.backup against the suite's real PostgreSQL. A database with sealed bids
and their files is backed up, restored into a new database and media folder,
compared table by table and file by file, and a restored sealed bid opens with
the key; a restore without the backup's key, into a database that is not empty
or from an altered archive is refused and changes nothing."""

import hashlib
import io
import json
import subprocess
import sys
import tarfile
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.backup import BackupError, Database, restore_backup
from portal.backup import database as backup_db
from procurement import crypto
from procurement.files import check_upload
from tests.procurement.factories import (
    certified_consultant,
    pdf_upload,
    published_tender,
    submit_bid,
)
from tests.services import TEST_BID_ENCRYPTION_KEY

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,
]

OTHER_KEY = "q1vG8bXxoQK2m7zN0yq2c9yJ3Wf0h5Zl8aQv6sT4uYk="


@pytest.fixture
def source(settings, tmp_path):
    """The test database with a published tender, two sealed bids with files,
    a tender document and a stray media file; the media folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    tender = published_tender()
    prices = {}
    for price in ("412345.67", "398000"):
        receipt = submit_bid(
            tender,
            certified_consultant(),
            price,
            files=[("financial", check_upload(pdf_upload("offer.pdf")))],
        )
        prices[receipt.bid.pk] = price
    (settings.MEDIA_ROOT / "ocds").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "ocds" / "Бишкек 2026.jsonl").write_text("{}\n")
    return Database.from_settings(connection.settings_dict), prices


@pytest.fixture
def fresh(tmp_path):
    """A database name on the same server that does not exist yet; dropped after."""
    target = Database.from_settings(connection.settings_dict).other(
        f"restore_{uuid.uuid4().hex[:12]}"
    )
    yield target
    with target.other("postgres").connect(autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')


def _files(root: Path) -> dict:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _exists(database) -> bool:
    with database.other("postgres").connect() as conn:
        return bool(
            conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database.name]
            ).fetchone()
        )


def _run(*args, env, cwd):
    return subprocess.run(
        [sys.executable, "-m", "portal.backup", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_backup_and_restore(source, fresh, tmp_path):
    """One test (the transactional set-up costs about 20 s): the command line,
    the proof of the copy, the sealed bids, then every refusal."""
    database, prices = source
    root = Path(settings.BASE_DIR)
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": (
            f"postgres://{database.user}@{database.host}:{database.port}/"
            f"{database.name}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BID_ENCRYPTION_KEY": TEST_BID_ENCRYPTION_KEY,
    }
    # make backup: a process of its own with a deployment's environment
    made = _run("create", "--output", str(tmp_path / "backups"), env=env, cwd=root)
    assert made.returncode == 0, made.stderr
    (archive,) = (tmp_path / "backups").glob("portal-*.tar")
    assert archive.stat().st_mode & 0o077 == 0  # the owner's alone

    # the archive: a dump, the media and a manifest, never the key or a price
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        raw = b"".join(
            tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()
        )
    assert "database.dump" in names
    assert TEST_BID_ENCRYPTION_KEY.encode() not in raw
    assert manifest["bid_encryption_keys"]["fingerprints"] == [
        crypto.key_fingerprint(TEST_BID_ENCRYPTION_KEY)
    ]
    assert b"412345.67" not in raw and b"412345,67" not in raw
    tables = manifest["database"]["tables"]
    assert tables["public.procurement_bid"]["rows"] == 2
    assert tables["public.procurement_bidfile"]["rows"] == 2
    assert set(manifest["media"]) == set(_files(settings.MEDIA_ROOT))
    assert len(manifest["media"]) == 4  # two bid files, the ToR, the OCDS file

    # make restore with another key: refused, nothing created
    media = tmp_path / "restored-media"
    restore_env = dict(
        env,
        DATABASE_URL=env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{fresh.name}",
        MEDIA_ROOT=str(media),
    )
    wrong = _run(
        "restore",
        str(archive),
        env=dict(restore_env, BID_ENCRYPTION_KEY=OTHER_KEY),
        cwd=root,
    )
    assert wrong.returncode == 1
    assert "key of this backup is not configured" in wrong.stderr
    assert crypto.key_fingerprint(OTHER_KEY) in wrong.stderr
    assert not _exists(fresh) and not media.exists()

    # an altered archive (one media file changed): refused before any change
    altered = tmp_path / "altered.tar"
    with tarfile.open(archive) as old, tarfile.open(altered, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read() if member.isfile() else None
            if member.name.endswith(".jsonl"):
                data = b'{"changed": true}\n'
                member.size = len(data)
            new.addfile(member, None if data is None else io.BytesIO(data))
    fingerprints = crypto.configured_fingerprints()
    with pytest.raises(BackupError, match="does not match the manifest"):
        restore_backup(altered, fresh, media, key_fingerprints=fingerprints)
    assert not _exists(fresh) and not media.exists()

    # make restore with the key: restored and proven
    done = _run("restore", str(archive), env=restore_env, cwd=root)
    assert done.returncode == 0, done.stderr
    assert "4 files match the manifest" in done.stdout

    # compared independently of the manifest: every table, every file
    with database.connect() as a, a.cursor() as ca:
        before = backup_db.fingerprint(ca)
    with fresh.connect() as b, b.cursor() as cb:
        after = backup_db.fingerprint(cb)
    assert after == before
    assert after["tables"] == tables
    assert len(before["tables"]) > 50
    assert sum(t["rows"] for t in before["tables"].values()) > 1000  # SOATE etc.
    assert _files(media) == _files(settings.MEDIA_ROOT)

    # a restored sealed bid and its sealed file open with the key
    with fresh.connect() as conn:
        rows = conn.execute(
            "SELECT id, sealed_price FROM procurement_bid ORDER BY id"
        ).fetchall()
        stored = conn.execute(
            "SELECT file, sha256 FROM procurement_bidfile ORDER BY id"
        ).fetchall()
    assert {pk: crypto.unseal_price(sealed) for pk, sealed in rows} == {
        pk: Decimal(p) for pk, p in prices.items()
    }
    for name, sha256 in stored:
        plain = crypto.decrypt((media / name).read_bytes())
        assert plain.startswith(b"%PDF-")
        assert hashlib.sha256(plain).hexdigest() == sha256

    # a second restore into the now filled database is refused
    with pytest.raises(BackupError, match="is not empty"):
        restore_backup(
            archive, fresh, tmp_path / "empty", key_fingerprints=fingerprints
        )
    assert not (tmp_path / "empty").exists()
    # unless forced, and then only with the key, or asked to go without it
    other = [crypto.key_fingerprint(OTHER_KEY)]
    with pytest.raises(BackupError, match="not configured"):
        restore_backup(archive, fresh, media, key_fingerprints=other, force=True)
    report = restore_backup(
        archive, fresh, media, key_fingerprints=other, force=True, allow_other_key=True
    )
    assert report.warnings and "not configured" in report.warnings[0]
    with fresh.connect() as b, b.cursor() as cb:
        assert backup_db.fingerprint(cb) == before
