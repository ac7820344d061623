from rest_framework.routers import SimpleRouter

from .api import ConsultantViewSet, ExpertiseAreaViewSet

router = SimpleRouter()
router.register("consultants", ConsultantViewSet, basename="consultant")
router.register("expertise-areas", ExpertiseAreaViewSet, basename="expertise-area")
urlpatterns = router.urls
