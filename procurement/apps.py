from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self):
        from portal.accounts.dashboard import Panel, register_panel
        from portal.notifications.registry import set_settings_page

        # the system checks, the notifying topics and the alerts' producers
        from . import alerts, checks, notifications  # noqa: F401
        from .views import tenders_for_me_panel

        register_panel(
            Panel(
                name="tenders-for-me",
                template="procurement/includes/tenders_for_me.html",
                context=tenders_for_me_panel,
                order=10,
            )
        )
        set_settings_page("procurement:alert-settings")
