"""Tenders and questions in the API. Input is validated by the serializers
of inputs.py and handed to the services the pages call."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response

from municipalities.access import confirmed_membership
from portal.pagecache import CachedPublicReadMixin

from .. import access, services
from ..filters import TenderListFilterSet
from ..models import Question, Tender
from .common import call, get_or_404, receipt_response, valid
from .inputs import (
    AmendInput,
    AnswerInput,
    BidInput,
    CancelInput,
    DocumentInput,
    QuestionInput,
    TenderInput,
)
from .methods import TwoStageActions
from .serializers import (
    AmendmentSerializer,
    QuestionSerializer,
    ReceiptSerializer,
    TenderSerializer,
)


class TenderViewSet(
    CachedPublicReadMixin,
    TwoStageActions,
    viewsets.mixins.ListModelMixin,
    viewsets.mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Published tenders; a municipality's staff also reach its drafts by id,
    create and edit drafts, publish, amend, cancel, answer questions and
    make the shortlist of a two-stage tender. Consultants ask questions,
    express interest and submit bids (proposals)."""

    serializer_class = TenderSerializer
    filterset_class = TenderListFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Tender.objects.for_listing().select_related("award__bid__consultant")
        if self.action == "retrieve":
            return qs.visible_to(self.request.user)
        return qs.public()

    def get_permissions(self):
        if self.request.method in SAFE_METHODS:  # reads check visibility
            return super().get_permissions()
        return [IsAuthenticated()]

    def _saved(self, tender, *, created=False) -> Response:
        tender = (
            Tender.objects.for_listing()
            .select_related("award__bid__consultant")
            .get(pk=tender.pk)
        )
        return Response(
            TenderSerializer(tender, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def _save(self, request, tender, municipality):
        data = valid(TenderInput(tender, data=request.data, partial=tender is not None))
        return call(
            services.tender_save,
            tender=tender,
            municipality=municipality,
            by=request.user,
            values=data.values(),
            criteria=data.criteria_rows(),
        )

    @extend_schema(request=TenderInput, responses={201: TenderSerializer})
    def create(self, request):
        """Create a draft tender of the signed-in staff member's municipality."""
        membership = confirmed_membership(request.user)
        if membership is None:
            self.permission_denied(request)
        tender = self._save(request, None, membership.municipality)
        return self._saved(tender, created=True)

    @extend_schema(request=TenderInput, responses={200: TenderSerializer})
    def update(self, request, pk=None):
        """Change a draft; fields not given keep their values."""
        tender = access.get_managed_tender(request.user, pk)
        tender = self._save(request, tender, tender.municipality)
        return self._saved(tender)

    @extend_schema(request=TenderInput, responses={200: TenderSerializer})
    def partial_update(self, request, pk=None):
        return self.update(request, pk)

    @extend_schema(request=None, responses={200: TenderSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        tender = access.get_managed_tender(request.user, pk)
        tender = call(services.tender_publish, tender=tender, by=request.user)
        return self._saved(tender)

    @extend_schema(
        request={"multipart/form-data": DocumentInput},
        responses={201: TenderSerializer},
    )
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        """Attach a terms-of-reference document to a draft (a published
        tender adds documents by amendment)."""
        tender = access.get_managed_tender(request.user, pk)
        data = valid(DocumentInput(data=request.data)).validated_data
        call(
            services.document_add,
            tender=tender,
            checked=data["file"],
            title=data["title"],
            by=request.user,
        )
        return self._saved(tender, created=True)

    @extend_schema(request=None, responses={200: AmendmentSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def amendments(self, request, pk=None):
        """The change log of the tender, public."""
        tender = access.get_visible_tender(request.user, pk)
        return Response(AmendmentSerializer(tender.amendments.all(), many=True).data)

    @extend_schema(
        request={
            "application/json": AmendInput,
            "multipart/form-data": AmendInput,
        },
        responses={201: AmendmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """Amend a published tender before its deadline: a public change log
        entry; bidders must confirm their bids again."""
        tender = access.get_managed_tender(request.user, pk)
        data = valid(AmendInput(tender, data=request.data, partial=True))
        amendment = call(
            services.tender_amend,
            tender=tender,
            by=request.user,
            changes=data.changes(),
            summary=data.validated_data["summary"],
            document=data.document_upload(),
        )
        return Response(
            AmendmentSerializer(amendment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=CancelInput, responses={200: TenderSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        tender = access.get_managed_tender(request.user, pk)
        data = valid(CancelInput(data=request.data)).validated_data
        tender = call(services.tender_cancel, tender=tender, by=request.user, **data)
        return self._saved(tender)

    @extend_schema(
        methods=["GET"], request=None, responses={200: QuestionSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"],
        request=QuestionInput,
        responses={201: QuestionSerializer},
    )
    @action(
        detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[]
    )
    def questions(self, request, pk=None):
        """GET: the answered questions, public, without the askers' names.
        POST: a consultant asks before the questions deadline."""
        tender = access.get_visible_tender(request.user, pk)
        if request.method == "GET":
            answered = tender.questions.filter(answered_at__isnull=False)
            return Response(QuestionSerializer(answered, many=True).data)
        consultant = access.get_own_consultant(request.user)
        data = valid(QuestionInput(data=request.data)).validated_data
        question = call(
            services.question_ask,
            tender=tender,
            consultant=consultant,
            text=data["text"],
        )
        return Response(
            QuestionSerializer(question).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request={"multipart/form-data": BidInput},
        responses={201: ReceiptSerializer},
    )
    @action(detail=True, methods=["post"])
    def bids(self, request, pk=None):
        """Submit the consultant's one bid (multipart, with files); returns the
        receipt. A second submission is refused: change the bid at its own
        address instead."""
        tender = access.get_visible_tender(request.user, pk)
        consultant = access.get_own_consultant(request.user)
        data = valid(BidInput(data=request.data))
        receipt = call(
            services.bid_submit,
            tender=tender,
            consultant=consultant,
            content=data.content(),
            only_new=True,
        )
        return receipt_response(receipt, created=True)


class QuestionViewSet(viewsets.GenericViewSet):
    """Answers by the tender's municipality."""

    serializer_class = QuestionSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Question.objects.none()  # only for the schema; see answer()

    @extend_schema(request=AnswerInput, responses={200: QuestionSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        question = get_or_404(Question.objects.all(), pk)
        access.get_managed_tender(request.user, question.tender_id)
        data = valid(AnswerInput(data=request.data)).validated_data
        question = call(
            services.question_answer,
            question=question,
            by=request.user,
            text=data["answer"],
        )
        return Response(QuestionSerializer(question).data)
