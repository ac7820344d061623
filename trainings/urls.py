"""Mounted at the site root (inside the language prefix): trainings,
programmes and certificates under their own paths, and the public
verification page at /verify/<code>/, the address printed on certificates."""

from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.training_list, name="training-list"),
    path("trainings/new/", views.training_form, name="training-create"),
    path("trainings/mine/", views.training_mine, name="training-mine"),
    path("trainings/<int:pk>/", views.training_detail, name="training-detail"),
    path("trainings/<int:pk>/edit/", views.training_form, name="training-edit"),
    path(
        "trainings/<int:pk>/attendance/",
        views.attendance_sheet,
        name="training-attendance",
    ),
    path(
        "trainings/<int:pk>/attendance.xlsx",
        views.attendance_download,
        name="training-attendance-download",
    ),
    path(
        "trainings/<int:pk>/certify/", views.training_certify, name="training-certify"
    ),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_form, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.programme_form, name="programme-edit"),
    path("certificates/", views.CertificateListView.as_view(), name="certificate-list"),
    path(
        "certificates/<int:pk>/",
        views.certificate_detail,
        name="certificate-detail",
    ),
    path(
        "certificates/<int:pk>/pdf/",
        views.certificate_download,
        name="certificate-download",
    ),
    path("verify/", views.certificate_verify, name="certificate-verify-form"),
    path("verify/<str:code>/", views.certificate_verify, name="certificate-verify"),
]
