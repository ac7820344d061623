"""How tenders, bids, receipts and questions read in the API, and the
request bodies of its writes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from .. import access
from ..forms import (
    TenderForm,
)
from ..models import (
    Amendment,
    Bid,
    BidReceipt,
    CancelReason,
    Question,
    Tender,
)
from ..services import AMENDABLE_FIELDS


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
