"""Tenders and questions in the API."""

from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response

from .. import access, services
from ..filters import TenderListFilterSet
from ..forms import (
    AmendForm,
    AnswerForm,
    BidForm,
    CancelForm,
    CriterionFormSet,
    DocumentForm,
    QuestionForm,
)
from ..models import (
    Question,
    Tender,
)
from .common import (
    TenderApiForm,
    _bid_content,
    _bid_receipt,
    _call,
    _criteria_data,
    _current_values,
    _form_errors,
    _formset_errors,
    _get_or_404,
    _request_data,
)
from .serializers import (
    AmendmentSerializer,
    AmendWriteSerializer,
    AnswerWriteSerializer,
    BidWriteSerializer,
    CancelWriteSerializer,
    DocumentWriteSerializer,
    QuestionSerializer,
    QuestionWriteSerializer,
    ReceiptSerializer,
    TenderSerializer,
    TenderWriteSerializer,
)


class TenderViewSet(
    viewsets.mixins.ListModelMixin,
    viewsets.mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Published tenders; a municipality's staff also reach its drafts by id,
    create and edit drafts, publish, amend, cancel and answer questions.
    Consultants ask questions and submit bids."""

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
        defaults = _current_values(TenderApiForm(instance=tender)) if tender else {}
        data = _request_data(request, defaults)
        form = TenderApiForm(data, instance=tender)
        formset = CriterionFormSet(
            _criteria_data(data, tender), instance=tender, prefix="criteria"
        )
        valid = form.is_valid()
        if not (formset.is_valid() and valid):
            raise ValidationError({**_form_errors(form), **_formset_errors(formset)})
        return _call(
            services.tender_save,
            form=form,
            criteria_formset=formset,
            municipality=municipality,
            by=request.user,
        )

    @extend_schema(request=TenderWriteSerializer, responses={201: TenderSerializer})
    def create(self, request):
        """Create a draft tender of the signed-in staff member's municipality."""
        membership = getattr(request.user, "staff_membership", None)
        if not request.user.is_municipal_staff or membership is None:
            self.permission_denied(request)
        tender = self._save(request, None, membership.municipality)
        return self._saved(tender, created=True)

    @extend_schema(request=TenderWriteSerializer, responses={200: TenderSerializer})
    def update(self, request, pk=None):
        """Change a draft; fields not given keep their values."""
        tender = access.get_managed_tender(request.user, pk)
        tender = self._save(request, tender, tender.municipality)
        return self._saved(tender)

    @extend_schema(request=TenderWriteSerializer, responses={200: TenderSerializer})
    def partial_update(self, request, pk=None):
        return self.update(request, pk)

    @extend_schema(request=None, responses={200: TenderSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        tender = access.get_managed_tender(request.user, pk)
        tender = _call(services.tender_publish, tender=tender, by=request.user)
        return self._saved(tender)

    @extend_schema(
        request={"multipart/form-data": DocumentWriteSerializer},
        responses={201: TenderSerializer},
    )
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        """Attach a terms-of-reference document to a draft (a published
        tender adds documents by amendment)."""
        tender = access.get_managed_tender(request.user, pk)
        form = DocumentForm(_request_data(request), request.FILES)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        _call(
            services.document_add,
            tender=tender,
            checked=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
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
            "application/json": AmendWriteSerializer,
            "multipart/form-data": AmendWriteSerializer,
        },
        responses={201: AmendmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """Amend a published tender before its deadline: a public change log
        entry; bidders must confirm their bids again."""
        tender = access.get_managed_tender(request.user, pk)
        defaults = _current_values(AmendForm(instance=tender))
        form = AmendForm(
            _request_data(request, defaults), request.FILES, instance=tender
        )
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        document = None
        if form.cleaned_data.get("document"):
            document = (
                form.cleaned_data["document"],
                form.cleaned_data.get("document_title") or "",
            )
        amendment = _call(
            services.tender_amend,
            tender=Tender.objects.get(pk=tender.pk),  # the form changed `tender`
            by=request.user,
            changes=form.changes(),
            summary=form.cleaned_data["summary"],
            document=document,
        )
        return Response(
            AmendmentSerializer(amendment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=CancelWriteSerializer, responses={200: TenderSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        tender = access.get_managed_tender(request.user, pk)
        form = CancelForm(_request_data(request))
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        tender = _call(
            services.tender_cancel, tender=tender, by=request.user, **form.cleaned_data
        )
        return self._saved(tender)

    @extend_schema(
        methods=["GET"], request=None, responses={200: QuestionSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"],
        request=QuestionWriteSerializer,
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
        form = QuestionForm(_request_data(request))
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        question = _call(
            services.question_ask,
            tender=tender,
            consultant=consultant,
            text=form.cleaned_data["text"],
        )
        return Response(
            QuestionSerializer(question).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request={"multipart/form-data": BidWriteSerializer},
        responses={201: ReceiptSerializer},
    )
    @action(detail=True, methods=["post"])
    def bids(self, request, pk=None):
        """Submit the consultant's one bid (multipart, with files); returns the
        receipt. A second submission is refused: change the bid at its own
        address instead."""
        tender = access.get_visible_tender(request.user, pk)
        consultant = access.get_own_consultant(request.user)
        form = BidForm(_request_data(request), request.FILES)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        receipt = _call(
            services.bid_submit,
            tender=tender,
            consultant=consultant,
            content=_bid_content(form),
            only_new=True,
        )
        return _bid_receipt(receipt, created=True)


class QuestionViewSet(viewsets.GenericViewSet):
    """Answers by the tender's municipality."""

    serializer_class = QuestionSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Question.objects.none()  # only for the schema; see answer()

    @extend_schema(request=AnswerWriteSerializer, responses={200: QuestionSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        question = _get_or_404(Question.objects.all(), pk)
        access.get_managed_tender(request.user, question.tender_id)
        form = AnswerForm(_request_data(request))
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        question = _call(
            services.question_answer,
            question=question,
            by=request.user,
            text=form.cleaned_data["answer"],
        )
        return Response(QuestionSerializer(question).data)
