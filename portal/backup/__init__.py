"""Backups of the portal: `make backup` and `make restore FILE=…` (run as
``python -m portal.backup``). An archive holds the PostgreSQL dump (custom
format), the media files and a manifest to prove the copy with; see README,
"Backups"."""

from .archive import create_backup, read_manifest
from .database import BackupError, Database
from .restore import RestoreReport, key_check, restore_backup

__all__ = [
    "BackupError",
    "Database",
    "RestoreReport",
    "create_backup",
    "key_check",
    "read_manifest",
    "restore_backup",
]
