from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = _("Consultant registry")

    def ready(self):
        from . import panels, services  # noqa: F401  (dashboard panel, outbox handlers)
