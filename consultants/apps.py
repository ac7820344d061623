from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = _("Consultant registry")

    def ready(self):
        from municipalities import panels

        from . import claims, services  # noqa: F401  (registers outbox handlers)
        from .panels import municipality_members

        panels.register(municipality_members)
