from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import ConsultantViewSet, ExpertiseAreaViewSet
from .api_recommendations import RecommendedMembersView

router = SimpleRouter()
router.register("consultants", ConsultantViewSet, basename="consultant")
router.register("expertise-areas", ExpertiseAreaViewSet, basename="expertise-area")
urlpatterns = [
    *router.urls,
    path(
        "municipalities/<int:pk>/recommended-members/",
        RecommendedMembersView.as_view(),
        name="municipality-recommended-members",
    ),
]
