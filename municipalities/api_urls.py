from rest_framework.routers import SimpleRouter

from .api import MunicipalityViewSet, RegionViewSet

router = SimpleRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
urlpatterns = router.urls
