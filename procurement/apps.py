from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self):
        from portal.notifications.registry import set_settings_page

        # system checks; page panels; the notifying topics and the alerts'
        # producers
        from . import (  # noqa: F401
            alerts,
            checks,
            evaluation_notifications,
            method_notifications,
            notifications,
            panels,
        )

        set_settings_page("procurement:alert-settings")
