from django.urls import path, re_path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("", views.MunicipalityListView.as_view(), name="municipality-list"),
    path(
        "<int:pk>/", views.MunicipalityDetailView.as_view(), name="municipality-detail"
    ),
    path("join/", views.staff_join, name="staff-join"),
    path("staff/", views.staff_list, name="staff-list"),
    re_path(
        r"^staff/(?P<pk>\d+)/(?P<decision>confirm|decline|remove)/$",
        views.staff_decide,
        name="staff-decide",
    ),
    path("coordinators/", views.coordinator_list, name="coordinator-list"),
    path(
        "coordinators/<str:code>/<int:user_id>/remove/",
        views.coordinator_remove,
        name="coordinator-remove",
    ),
    path("names/", views.names_list, name="names-list"),
    path("names/<int:pk>/", views.names_edit, name="names-edit"),
]
