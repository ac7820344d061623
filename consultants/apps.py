from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = _("Consultant registry")

    def ready(self):
        from municipalities.models import Municipality, Place
        from portal.choices import watch

        from . import claims, notifications, panels, services  # noqa: F401
        from .models import ExpertiseArea

        watch(ExpertiseArea)  # ExpertiseArea.reference_rows
        watch(Municipality)  # the places a search names (models.search)
        watch(Place)
