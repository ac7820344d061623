from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultation requests")

    def ready(self):
        # the notifying topics; panels of the municipality page and dashboard
        from . import notifications, panels  # noqa: F401
