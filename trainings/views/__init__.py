"""Pages of the trainings app; everything is importable from
``trainings.views``."""

from .certification import (
    CertificateListView,
    certificate_detail,
    certificate_download,
    certificate_verify,
    programme_detail,
    programme_form,
    programme_list,
)
from .trainings import (
    attendance_download,
    attendance_sheet,
    training_certify,
    training_detail,
    training_form,
    training_list,
    training_mine,
)

__all__ = [
    "CertificateListView",
    "attendance_download",
    "attendance_sheet",
    "certificate_detail",
    "certificate_download",
    "certificate_verify",
    "programme_detail",
    "programme_form",
    "programme_list",
    "training_certify",
    "training_detail",
    "training_form",
    "training_list",
    "training_mine",
]
