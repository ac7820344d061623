from django.urls import path, register_converter

from . import views


class ScopeConverter:
    """A region code (KG-N) or `all`, the national total."""

    regex = r"all|KG-[A-Z]{1,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ScopeConverter, "scope")

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<scope:scope>/", views.report, name="report"),
    path("<scope:scope>/print/", views.report_print, name="report-print"),
    path("<scope:scope>/pdf/", views.report_pdf, name="report-pdf"),
    path(
        "<scope:scope>/export/<slug:table>.<str:fmt>",
        views.report_export,
        name="report-export",
    ),
    path("<scope:scope>/gaps/", views.gap_list, name="gap-list"),
    path("<scope:scope>/flags/<slug:flag>/", views.flag_tenders, name="flag-tenders"),
    path(
        "<scope:scope>/municipalities/<int:pk>/",
        views.municipality_detail,
        name="municipality-detail",
    ),
]
