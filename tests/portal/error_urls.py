"""The portal's URLs plus a page that fails, for the 500 page's tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from portal.urls import handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, *i18n_patterns(path("boom/", boom))]
