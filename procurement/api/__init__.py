"""Tenders, bids and OCDS in the REST API, with the same rules as the pages:
the public sees published tenders; a bid is readable by its bidder, and after
the opening by the municipality, the academy and the region's coordinators.

Writes are validated by the input serializers (inputs.py: the models' fields
and clean(), in the request's language) and made by the same services as the
pages'. Who may act is asked of procurement.access, as by the pages: 404 when
the tender is not visible to the user, 403 when it is but the user may not act
on it (and 403 for anyone not signed in). Invalid input is a 400
``{field: [messages]}``; a refusal by the rules (a DomainError, e.g. the
deadline has passed) is a 409 ``{"detail": message}``. Session
authentication with its CSRF check, as for the pages."""

from .bids import BidViewSet
from .complaints import ComplaintViewSet
from .ocds_views import (
    BulkFileListView,
    BulkFileView,
    RecordListView,
    RecordPackageView,
    ReleasePackageView,
)
from .tenders import QuestionViewSet, TenderViewSet

__all__ = [
    "BidViewSet",
    "BulkFileListView",
    "BulkFileView",
    "RecordListView",
    "ComplaintViewSet",
    "QuestionViewSet",
    "RecordPackageView",
    "ReleasePackageView",
    "TenderViewSet",
]
