from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "portal.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from portal import pagecache

        from . import panels  # noqa: F401 - the dashboard panel
        from .precomputed import areas  # noqa: F401 - watches the expertise areas

        pagecache.connect()  # public data changed: stored pages are stale
