from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "portal.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from . import services  # noqa: F401  (registers the email handler)
