from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    BidViewSet,
    BulkFileListView,
    BulkFileView,
    ComplaintViewSet,
    QuestionViewSet,
    RecordListView,
    RecordPackageView,
    ReleasePackageView,
    TenderViewSet,
)

router = SimpleRouter()
router.register("tenders", TenderViewSet, basename="tender")
router.register("bids", BidViewSet, basename="bid")
router.register("questions", QuestionViewSet, basename="question")
router.register("complaints", ComplaintViewSet, basename="complaint")
urlpatterns = router.urls + [
    path(
        "ocds/release-package/",
        ReleasePackageView.as_view(),
        name="ocds-release-package",
    ),
    path(
        "ocds/record-package/",
        RecordListView.as_view(),
        name="ocds-record-list",
    ),
    path("ocds/bulk/", BulkFileListView.as_view(), name="ocds-bulk-files"),
    path(
        "ocds/bulk/<str:day>.jsonl",
        BulkFileView.as_view(),
        name="ocds-bulk-file",
    ),
    path(
        "ocds/record-package/<str:ocid>/",
        RecordPackageView.as_view(),
        name="ocds-record-package",
    ),
]
