from rest_framework.routers import SimpleRouter

from .api import CertificateViewSet, TrainingViewSet

router = SimpleRouter()
router.register("trainings", TrainingViewSet, basename="training")
router.register("certificates", CertificateViewSet, basename="certificate")
urlpatterns = router.urls
