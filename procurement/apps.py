from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self):
        from municipalities import panels

        from . import checks  # noqa: F401 - registers the system checks
        from .panels import municipality_tenders

        panels.register(municipality_tenders)
