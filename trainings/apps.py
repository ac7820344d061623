from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        # profile and dashboard panels; the daily expiry; the notifying topics
        from . import notifications, panels, tasks  # noqa: F401
