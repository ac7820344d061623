from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularSwaggerSplitView

from portal import health
from portal.accounts.forms import AdminLoginForm
from portal.favicon import favicon
from portal.reports import views as reports_views
from portal.schema import CachedSpectacularAPIView

admin.site.site_header = "BAZhBA"
admin.site.site_title = "BAZhBA"
admin.site.login_form = AdminLoginForm

api_v1 = [
    path("", include("municipalities.api_urls")),
    path("", include("consultants.api_urls")),
    path("", include("procurement.api_urls")),
    path("", include("trainings.api_urls")),
    path("", include("consultations.api_urls")),
    path("", include("portal.notifications.api_urls")),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", CachedSpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Swagger UI sets style attributes from its script; its scripts stay
        # under the strict policy
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", reports_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("portal.accounts.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("municipalities/", include("municipalities.urls")),
    path("consultants/", include("consultants.urls")),
    path("tenders/", include("procurement.urls")),
    path("consultations/", include("consultations.urls")),
    path("reports/", include("portal.reports.urls")),
    path("", include("trainings.urls")),  # trainings/, certificates/, verify/...
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.PORTAL_BENCH:
    from portal import benchviews

    urlpatterns += [
        path("bench/trivial", benchviews.trivial),
        path("bench/raw-registry", benchviews.raw_registry),
    ]

handler400 = "portal.error_pages.bad_request"
handler404 = "portal.error_pages.not_found"
handler500 = "portal.error_pages.server_error"
