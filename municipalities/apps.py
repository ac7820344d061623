from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Regions and municipalities")

    def ready(self):
        from . import panels, services  # noqa: F401  (dashboard panel, outbox handlers)
