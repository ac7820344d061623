"""``python -m portal.backup create [--output DIR]`` (make backup) and
``python -m portal.backup restore FILE [--force] [--allow-other-key]``
(make restore FILE=…).

The database is DATABASE_URL's and the media folder MEDIA_ROOT's, as for the
portal. Without DATABASE_URL it is `make run`'s local PostgreSQL (PG_PORT,
data in PORTAL_RUN_DIR, default .run/): started for the command when it is not
running, stopped again after. Without BID_ENCRYPTION_KEY, `make run`'s key file
(.run/bid-encryption.key) is the key whose fingerprint is recorded or checked."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _local_services(env, command: str) -> list:
    """make run's PostgreSQL when no DATABASE_URL is given; returns what was
    started, to stop after."""
    from portal.localservices.servers import Postgres, _port_open

    started = []
    state = Path(env.get("PORTAL_RUN_DIR") or ROOT / ".run")
    if not env.get("DATABASE_URL"):
        port = int(env.get("PG_PORT", 54329))
        pg = Postgres(state / "pg", port)
        if not _port_open(port):
            if command == "create" and not (state / "pg" / "PG_VERSION").exists():
                raise SystemExit(
                    f"[backup] no database: neither DATABASE_URL nor make run's "
                    f"data in {state / 'pg'}"
                )
            print(f"[backup] starting make run's PostgreSQL on port {port}", flush=True)
            pg.start()
            started.append(pg)
        env["DATABASE_URL"] = pg.url
    key_file = state / "bid-encryption.key"
    if not env.get("BID_ENCRYPTION_KEY") and key_file.is_file():
        env["BID_ENCRYPTION_KEY"] = key_file.read_text().strip()
    return started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal.backup")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="write a backup archive")
    create.add_argument(
        "--output",
        default=os.environ.get("BACKUP_DIR") or str(ROOT / "backups"),
        help="folder for the archive (default: BACKUP_DIR or ./backups)",
    )
    restore = commands.add_parser("restore", help="restore a backup archive")
    restore.add_argument("file")
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace everything in a database that is not empty",
    )
    restore.add_argument(
        "--allow-other-key",
        action="store_true",
        help="restore although the configured bid encryption key is not the backup's",
    )
    args = parser.parse_args(argv)

    started = _local_services(os.environ, args.command)
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.db import connections

        from portal.backup import (
            BackupError,
            Database,
            create_backup,
            restore_backup,
        )
        from procurement.crypto import configured_fingerprints

        database = Database.from_settings(connections["default"].settings_dict)
        media_root = Path(settings.MEDIA_ROOT)
        try:
            if args.command == "create":
                path = create_backup(
                    database,
                    media_root,
                    Path(args.output),
                    key_fingerprints=configured_fingerprints(),
                )
                print(f"[backup] {database.label()} and {media_root} -> {path}")
            else:
                report = restore_backup(
                    Path(args.file),
                    database,
                    media_root,
                    key_fingerprints=configured_fingerprints(),
                    force=args.force,
                    allow_other_key=args.allow_other_key,
                )
                for warning in report.warnings:
                    print(f"[restore] WARNING: {warning}", file=sys.stderr)
                print(
                    f"[restore] {args.file} -> {database.label()} and {media_root}: "
                    f"{report.tables} tables ({report.rows} rows) and "
                    f"{report.files} files match the manifest"
                )
        except BackupError as exc:
            print(f"[{args.command}] refused: {exc}", file=sys.stderr)
            return 1
        return 0
    finally:
        for server in started:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
