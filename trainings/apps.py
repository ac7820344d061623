from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        from . import panels, tasks  # noqa: F401  (profile and dashboard panels; the daily expiry)
