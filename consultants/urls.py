from django.urls import path

from . import claim_urls, exports, views

app_name = "consultants"

urlpatterns = [
    path("", views.ConsultantListView.as_view(), name="consultant-list"),
    path("export.csv", exports.export_csv, name="consultant-export-csv"),
    path("export.xlsx", exports.export_xlsx, name="consultant-export-xlsx"),
    path("print/", exports.print_list, name="consultant-print"),
    path("apply/", views.consultant_apply, name="consultant-apply"),
    path("mine/", views.consultant_mine, name="consultant-mine"),
    path("applications/", views.ApplicationListView.as_view(), name="application-list"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("<int:pk>/", views.ConsultantDetailView.as_view(), name="consultant-detail"),
    path(
        "<int:pk>/edit/", views.ConsultantUpdateView.as_view(), name="consultant-edit"
    ),
    path("<int:pk>/resubmit/", views.consultant_resubmit, name="consultant-resubmit"),
    path("<int:pk>/withdraw/", views.consultant_withdraw, name="consultant-withdraw"),
    path("ratings/<int:pk>/answer/", views.rating_answer, name="rating-answer"),
]
urlpatterns += claim_urls.urlpatterns
