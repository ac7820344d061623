"""Bids in the API: read by the sealed rule, changed by their bidder."""

from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated

from .. import access, services
from ..forms import (
    BidForm,
)
from ..models import (
    Bid,
)
from .common import (
    _bid_content,
    _bid_receipt,
    _call,
    _form_errors,
    _get_or_404,
    _request_data,
)
from .serializers import (
    BidConfirmSerializer,
    BidSerializer,
    BidWriteSerializer,
    ReceiptSerializer,
)


class BidViewSet(
    viewsets.mixins.ListModelMixin,
    viewsets.mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Bids readable by the user (the sealed rule); the bidder changes,
    confirms and withdraws their own bid, each time with a receipt."""

    serializer_class = BidSerializer
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return super().get_permissions()
        return [IsAuthenticated()]

    def _own_bid(self, request, pk) -> tuple:
        """As the withdraw page: 403 for a non-consultant, 404 for a bid that
        is not the consultant's own."""
        consultant = access.get_own_consultant(request.user)
        bid = _get_or_404(
            Bid.objects.filter(consultant=consultant).select_related("tender"), pk
        )
        return bid, consultant

    @extend_schema(
        request={
            "multipart/form-data": BidWriteSerializer,
            "application/json": BidWriteSerializer,
        },
        responses={200: ReceiptSerializer},
    )
    def update(self, request, pk=None):
        """Change the bid before the deadline (this also confirms it after an
        amendment); fields not given keep their values, the declaration is
        made again."""
        bid, consultant = self._own_bid(request, pk)
        files = list(bid.files.all())
        defaults = {
            "technical_proposal": bid.technical_proposal,
            "proposed_team": bid.proposed_team,
            "conflict_of_interest_note": bid.conflict_of_interest_note,
            "price": access.bid_price_for(request.user, bid),
        }
        form = BidForm(
            _request_data(request, defaults), request.FILES, existing_files=files
        )
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        receipt = _call(
            services.bid_submit,
            tender=bid.tender,
            consultant=consultant,
            content=_bid_content(form),
        )
        return _bid_receipt(receipt)

    @extend_schema(
        request={
            "multipart/form-data": BidWriteSerializer,
            "application/json": BidWriteSerializer,
        },
        responses={200: ReceiptSerializer},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk)

    @extend_schema(request=BidConfirmSerializer, responses={200: ReceiptSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm the unchanged bid again after an amendment of the tender."""
        bid, consultant = self._own_bid(request, pk)
        serializer = BidConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        receipt = _call(
            services.bid_confirm,
            bid=bid,
            consultant=consultant,
            conflict_of_interest_declared=True,
        )
        return _bid_receipt(receipt)

    @extend_schema(request=None, responses={200: ReceiptSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the bid before the deadline; it can be submitted again."""
        bid, consultant = self._own_bid(request, pk)
        receipt = _call(services.bid_withdraw, bid=bid, consultant=consultant)
        return _bid_receipt(receipt)

    def get_queryset(self):
        qs = (
            Bid.objects.readable_by(self.request.user)
            .select_related("consultant", "tender")
            .prefetch_related("files", "receipts")
            .order_by("tender_id", "id")
        )
        tender = self.request.query_params.get("tender")
        if tender:
            if not tender.isdigit():
                raise ValidationError({"tender": "Give a tender id."})
            qs = qs.filter(tender_id=int(tender))
        return qs
