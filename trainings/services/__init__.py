"""Workflows of the trainings app: attendance, attendance files,
certification and expiry; everything is importable from
``trainings.services``."""

from .attendance import attendance_record, participant_add
from .attendance_files import (
    AttendanceFileError,
    attendance_import_xlsx,
    attendance_workbook,
)
from .certification import (
    BulkCertification,
    certificate_issue,
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
    certificate_transition,
    certificates_expire_due,
    certificates_issue_for_completers,
    consultant_sync_network_status,
)
from .figures import trust_figures_refresh, trust_figures_refresh_for

__all__ = [
    "AttendanceFileError",
    "BulkCertification",
    "attendance_import_xlsx",
    "attendance_record",
    "attendance_workbook",
    "certificate_issue",
    "certificate_reinstate",
    "certificate_revoke",
    "certificate_suspend",
    "certificate_transition",
    "certificates_expire_due",
    "certificates_issue_for_completers",
    "consultant_sync_network_status",
    "participant_add",
    "trust_figures_refresh",
    "trust_figures_refresh_for",
]
