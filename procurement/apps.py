from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self):
        from . import alerts, checks, notifications  # noqa: F401 - registers
        # the system checks, the notifying topics and the alerts' producers
