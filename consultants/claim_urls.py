"""URLs of taking over registry profiles (added to consultants.urls)."""

from django.urls import path, re_path

from . import claim_views

urlpatterns = [
    path("claims/", claim_views.claim_list, name="claim-list"),
    re_path(
        r"^claims/(?P<claim_id>\d+)/(?P<decision>accept|decline)/$",
        claim_views.claim_decide,
        name="claim-decide",
    ),
    path("<int:pk>/claim/", claim_views.claim_create, name="claim-create"),
    path(
        "<int:pk>/claim/<str:token>/",
        claim_views.invitation_accept,
        name="invitation-accept",
    ),
    path("<int:pk>/invite/", claim_views.invitation_create, name="invitation-create"),
]
