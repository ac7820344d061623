from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("new/", views.request_create, name="request-create"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/answer/", views.request_answer, name="request-answer"),
    path("<int:pk>/agree/", views.request_agree, name="request-agree"),
    path("<int:pk>/cancel/", views.request_cancel, name="request-cancel"),
    path("<int:pk>/complete/", views.request_complete, name="request-complete"),
    path("<int:pk>/rate/", views.municipality_rate, name="municipality-rate"),
    path("<int:pk>/tender/", views.request_tender, name="request-tender"),
    path("ratings/<int:pk>/answer/", views.rating_answer, name="rating-answer"),
]
