from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = _("Consultant registry")

    def ready(self):
        from . import claims, panels, services  # noqa: F401  (panels, outbox handlers)
