"""Tenders, bids and OCDS in the REST API, with the same rules as the pages:
the public sees published tenders; a bid is readable by its bidder, and after
the opening by the municipality, the academy and the region's coordinators.

Writes go through the pages' own forms (the same validation, in the request's
language) and the same services. Who may act is asked of procurement.access,
as by the pages: 404 when the tender is not visible to the user, 403 when it is but
the user may not act on it (and 403 for anyone not signed in). A form error
is a 400 ``{field: [messages]}``; a refusal by the rules (a DomainError, e.g.
the deadline has passed) is a 409 ``{"detail": message}``. Session
authentication with its CSRF check, as for the pages."""

from django.conf import settings
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from municipalities.access import confirmed_membership
from portal.errors import DomainError

from . import access, ocds, services
from .filters import TenderListFilterSet
from .forms import (
    AmendForm,
    AnswerForm,
    BidForm,
    CancelForm,
    CriterionFormSet,
    DocumentForm,
    QuestionForm,
    TenderForm,
)
from .models import (
    Amendment,
    Bid,
    BidReceipt,
    CancelReason,
    Question,
    Tender,
)
from .services import AMENDABLE_FIELDS


class Refused(APIException):
    """A service refused the action (a DomainError): 409 with its message."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DomainError as exc:
        raise Refused(str(exc.message)) from exc


def _form_errors(form) -> dict:
    return {
        field: [error["message"] for error in errors]
        for field, errors in form.errors.get_json_data().items()
    }


def _request_data(request, defaults=None) -> MultiValueDict:
    """The request body (JSON or multipart) as form data, over `defaults`: a
    partial update keeps what it does not mention."""
    data = MultiValueDict()
    for source in (defaults or {}), request.data:
        getlist = getattr(source, "getlist", None)
        for key in source:
            value = getlist(key) if getlist else source[key]
            data.setlist(key, value if isinstance(value, list | tuple) else [value])
    return data


def _current_values(form) -> dict:
    """The instance's values as form data: the defaults of a partial update.
    Not BoundField.value(), which cuts times to the widget's precision (an
    untouched deadline would then move)."""
    return {
        name: field.prepare_value(form.initial.get(name, field.initial))
        for name, field in form.fields.items()
    }


class TenderSerializer(serializers.ModelSerializer):
    ocid = serializers.CharField(read_only=True)
    municipality = serializers.SerializerMethodField()
    region = serializers.CharField(source="municipality.region_id")
    regions = serializers.SerializerMethodField()
    expertise_areas = serializers.SerializerMethodField()
    award = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Tender
        fields = [
            "id",
            "ocid",
            "title",
            "title_ky",
            "title_ru",
            "title_en",
            "description",
            "municipality",
            "region",
            "regions",
            "expertise_areas",
            "service_kind",
            "procurement_method",
            "selection_method",
            "estimated_budget",
            "eligibility",
            "state_notice_number",
            "contact_name",
            "contact_email",
            "contact_phone",
            "status",
            "published_at",
            "questions_deadline",
            "submission_deadline",
            "opening_at",
            "cancel_reason",
            "cancel_explanation",
            "award",
            "url",
        ]

    @extend_schema_field(serializers.DictField())
    def get_municipality(self, obj):
        return {"id": obj.municipality_id, "name": obj.municipality.name}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, obj):
        return [region.code for region in obj.regions.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_expertise_areas(self, obj):
        return [area.code for area in obj.expertise_areas.all()]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_award(self, obj):
        award = getattr(obj, "award", None)
        if award is None:
            return None
        return {
            "consultant": award.bid.consultant_id,
            "consultant_name": award.bid.consultant.name,
            "amount": f"{award.amount:.2f}",
            "status": award.status,
            "standstill_ends_at": award.standstill_ends_at,
        }

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


# ------------------------------------------------------------- write: schemas
# These serializers describe the request bodies in the schema; the validation
# itself is the pages' forms (TenderApiForm, AmendForm, BidForm...).
class CriterionWriteSerializer(serializers.Serializer):
    name_ky = serializers.CharField(required=False, allow_blank=True)
    name_ru = serializers.CharField(required=False, allow_blank=True)
    name_en = serializers.CharField(required=False, allow_blank=True)
    weight = serializers.IntegerField(min_value=1, max_value=100)
    order = serializers.IntegerField(
        required=False, min_value=0, help_text=_("By default the place in the list.")
    )


class TenderWriteSerializer(serializers.ModelSerializer):
    expertise_areas = serializers.ListField(
        child=serializers.CharField(), help_text=_("Codes of expertise areas.")
    )
    regions = serializers.ListField(
        child=serializers.CharField(), help_text=_("ISO 3166-2:KG region codes.")
    )
    terms_of_reference_authors = serializers.ListField(
        child=serializers.IntegerField(), required=False
    )
    criteria = CriterionWriteSerializer(
        many=True,
        required=False,
        help_text=_("Replaces the evaluation criteria when given."),
    )

    class Meta:
        model = Tender
        fields = [*TenderForm.Meta.fields, "criteria"]


class AmendWriteSerializer(serializers.ModelSerializer):
    summary = serializers.CharField(help_text=_("What changed and why."))
    document = serializers.FileField(required=False)
    document_title = serializers.CharField(required=False)

    class Meta:
        model = Tender
        fields = [*AMENDABLE_FIELDS, "summary", "document", "document_title"]
        extra_kwargs = {name: {"required": False} for name in AMENDABLE_FIELDS}


# a plain enum: a second component for the reason codes (TenderSerializer has
# CancelReasonEnum) would make drf-spectacular warn about two names
@extend_schema_field({"type": "string", "enum": CancelReason.values})
class CancelReasonField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=CancelReason.choices, **kwargs)


class DocumentWriteSerializer(serializers.Serializer):
    title = serializers.CharField()
    file = serializers.FileField(help_text=_("PDF, DOCX, XLSX or ODT."))


class CancelWriteSerializer(serializers.Serializer):
    reason = CancelReasonField()
    explanation = serializers.CharField()


class QuestionWriteSerializer(serializers.Serializer):
    text = serializers.CharField()


class AnswerWriteSerializer(serializers.Serializer):
    answer = serializers.CharField()


class BidWriteSerializer(serializers.Serializer):
    technical_proposal = serializers.CharField()
    proposed_team = serializers.CharField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2)
    conflict_of_interest_declared = serializers.BooleanField(
        help_text=_("Made again with every submission.")
    )
    conflict_of_interest_note = serializers.CharField(required=False)
    technical_files = serializers.ListField(
        child=serializers.FileField(), required=False
    )
    cv_files = serializers.ListField(child=serializers.FileField(), required=False)
    financial_files = serializers.ListField(
        child=serializers.FileField(), required=False
    )
    remove_files = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Ids of this bid's files to remove (changes only)."),
    )


class BidConfirmSerializer(serializers.Serializer):
    conflict_of_interest_declared = serializers.BooleanField()

    def validate_conflict_of_interest_declared(self, value):
        if not value:
            raise ValidationError(_("Make the conflict-of-interest declaration."))
        return value


class ReceiptSerializer(serializers.ModelSerializer):
    """The bidder's proof: what was submitted and when. `digest` is
    HMAC-SHA256 of the receipt document (the exact bytes at `document_url`)
    keyed with `salt` (hex); for a receipt issued before salting
    `document_url` is null and `digest` is SHA-256 of the salt followed by the
    earlier digest."""

    time = serializers.DateTimeField(source="created_at")
    bid_url = serializers.SerializerMethodField()
    salt = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = BidReceipt
        fields = [
            "bid",
            "kind",
            "digest",
            "salt",
            "document_url",
            "time",
            "bid_url",
        ]

    def get_bid_url(self, obj) -> str:
        return f"/api/v1/bids/{obj.bid_id}/"

    def get_salt(self, obj) -> str:
        return obj.salt_hex()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_document_url(self, obj):
        return None if obj.is_legacy else obj.get_absolute_url()


class AmendmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Amendment
        fields = [
            "tender",
            "number",
            "summary",
            "changes",
            "old_submission_deadline",
            "new_submission_deadline",
            "made_at",
        ]


class QuestionSerializer(serializers.ModelSerializer):
    """A question and its answer, without the asker's name."""

    class Meta:
        model = Question
        fields = ["id", "tender", "text", "asked_at", "answer", "answered_at"]


# ------------------------------------------------------------- write: forms
class TenderApiForm(TenderForm):
    """The page's tender form; expertise areas are named by code, as in reads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise_areas"].to_field_name = "code"


def _criteria_data(data, tender) -> MultiValueDict:
    """Management data for the page's criteria formset: the existing criteria
    as they are, or, when `criteria` is given, replaced by the given list."""
    given = data.getlist("criteria") if "criteria" in data else None
    if given is not None and not all(isinstance(row, dict) for row in given):
        raise ValidationError({"criteria": [_("Give a list of criteria.")]})
    existing = list(tender.criteria.all()) if tender else []
    rows = []
    for criterion in existing:
        row = {
            "id": criterion.pk,
            "name_ky": criterion.name_ky or "",
            "name_ru": criterion.name_ru or "",
            "name_en": criterion.name_en or "",
            "weight": criterion.weight,
            "order": criterion.order,
        }
        if given is not None:
            row["DELETE"] = "on"
        rows.append(row)
    # a criterion without an order keeps its place in the list
    rows += [{"order": n, **row} for n, row in enumerate(given or [], start=1)]
    prefix = "criteria"
    out = MultiValueDict(
        {
            f"{prefix}-TOTAL_FORMS": [str(len(rows))],
            f"{prefix}-INITIAL_FORMS": [str(len(existing))],
            f"{prefix}-MIN_NUM_FORMS": ["0"],
            f"{prefix}-MAX_NUM_FORMS": ["1000"],
        }
    )
    for index, row in enumerate(rows):
        for key, value in row.items():
            out.setlist(f"{prefix}-{index}-{key}", [value])
    return out


def _formset_errors(formset) -> dict:
    errors = [
        {field: list(messages) for field, messages in form.errors.items()}
        for form in formset.forms
    ]
    errors += [{"non_field_errors": list(formset.non_form_errors())}]
    return {"criteria": [e for e in errors if any(e.values())]}


def _bid_receipt(receipt, *, created=False) -> Response:
    return Response(
        ReceiptSerializer(receipt).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


# --------------------------------------------------------------------- tenders
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
        membership = confirmed_membership(request.user)
        if membership is None:
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


def _get_or_404(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _bid_content(form) -> services.BidContent:
    data = form.cleaned_data
    return services.BidContent(
        technical_proposal=data["technical_proposal"],
        proposed_team=data["proposed_team"],
        price=data["price"],
        conflict_of_interest_declared=data["conflict_of_interest_declared"],
        conflict_of_interest_note=data["conflict_of_interest_note"],
        files=form.uploaded(),
        remove_file_ids=tuple(data.get("remove_files") or ()),
    )


class BidSerializer(serializers.ModelSerializer):
    price = serializers.SerializerMethodField()
    consultant_name = serializers.CharField(source="consultant.name")
    files = serializers.SerializerMethodField()
    receipts = serializers.SerializerMethodField()

    class Meta:
        model = Bid
        fields = [
            "id",
            "tender",
            "consultant",
            "consultant_name",
            "status",
            "technical_proposal",
            "proposed_team",
            "conflict_of_interest_note",
            "price",
            "needs_confirmation",
            "submitted_at",
            "withdrawn_at",
            "technical_score",
            "financial_score",
            "combined_score",
            "qualified",
            "rank",
            "files",
            "receipts",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_price(self, obj):
        """As access.bid_price_for: plain after opening; before it only the
        bidder gets the decrypted offer."""
        request = self.context.get("request")
        price = access.bid_price_for(request.user, obj) if request else None
        return None if price is None else f"{price:.2f}"

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_files(self, obj):
        return [
            {
                "id": f.pk,
                "kind": f.kind,
                "name": f.original_name,
                "size": f.size,
                "sha256": f.sha256,
                "url": f.get_absolute_url(),
            }
            for f in obj.files.all()
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_receipts(self, obj):
        request = self.context.get("request")
        if not request or obj.consultant.user_id != request.user.pk:
            return []
        return [
            {
                "kind": r.kind,
                "digest": r.digest,
                "salt": r.salt_hex(),
                "document_url": None if r.is_legacy else r.get_absolute_url(),
                "time": r.created_at,
            }
            for r in obj.receipts.all()
        ]


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


def _day(request, name):
    value = request.query_params.get(name)
    if not value:
        return None
    day = parse_date(value)
    if day is None:
        raise ValidationError({name: "Use the date format YYYY-MM-DD."})
    return day


class ReleasePackageView(APIView):
    """OCDS 1.1 release package of every public tender's releases."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since", OpenApiTypes.DATE, description="YYYY-MM-DD, inclusive"
            ),
            OpenApiParameter(
                "until", OpenApiTypes.DATE, description="YYYY-MM-DD, inclusive"
            ),
        ],
        responses={200: dict},
    )
    def get(self, request):
        package = ocds.release_package(
            ocds.publishable(),
            since=_day(request, "since"),
            until=_day(request, "until"),
            uri=request.build_absolute_uri(),
        )
        return Response(package)


class RecordPackageView(APIView):
    """OCDS 1.1 record package of one tender: its releases and compiled state."""

    @extend_schema(responses={200: dict})
    def get(self, request, ocid):
        prefix = settings.OCDS_OCID_PREFIX
        suffix = ocid[len(prefix) :] if ocid.startswith(prefix) else ""
        if not suffix.isdigit():
            raise Http404
        tender = ocds.publishable().filter(pk=int(suffix)).first()
        if tender is None:
            raise Http404
        return Response(ocds.record_package(tender, uri=request.build_absolute_uri()))
