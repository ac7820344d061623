from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = _("Consultant registry")

    def ready(self):
        from . import claims, notifications, panels, services  # noqa: F401
