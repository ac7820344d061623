from rest_framework.routers import SimpleRouter

from .api import ConsultationRequestViewSet

router = SimpleRouter()
router.register(
    "consultations", ConsultationRequestViewSet, basename="consultation-request"
)
urlpatterns = router.urls
