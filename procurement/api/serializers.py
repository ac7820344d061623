"""How tenders, bids, receipts and questions read in the API, and the
request bodies of its writes."""

from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from portal.api import DateTimeField, ModelSerializer

from .. import access
from ..models import (
    Amendment,
    Bid,
    BidReceipt,
    EnvelopeState,
    Question,
    Tender,
)


class TenderSerializer(ModelSerializer):
    ocid = serializers.CharField(read_only=True)
    municipality = serializers.SerializerMethodField()
    region = serializers.CharField(source="municipality.region_id")
    regions = serializers.SerializerMethodField()
    expertise_areas = serializers.SerializerMethodField()
    award = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()
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
            "single_source_justification",
            "interest_deadline",
            "shortlist_published_at",
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
            "available_transitions",
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

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_transitions(self, obj):
        """The moves the signed-in user may make now (Tender.transitions)."""
        return _transitions_for(self, obj)


def _transitions_for(serializer, obj) -> list[str]:
    request = serializer.context.get("request")
    return obj.available_transitions(request.user) if request else []


class ReceiptSerializer(ModelSerializer):
    """The bidder's proof: what was submitted and when. `digest` is
    HMAC-SHA256 of the receipt document (the exact bytes at `document_url`)
    keyed with `salt` (hex); for a receipt issued before salting
    `document_url` is null and `digest` is SHA-256 of the salt followed by the
    earlier digest."""

    time = DateTimeField(source="created_at")
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


class AmendmentSerializer(ModelSerializer):
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


class QuestionSerializer(ModelSerializer):
    """A question and its answer, without the asker's name."""

    class Meta:
        model = Question
        fields = ["id", "tender", "text", "asked_at", "answer", "answered_at"]


class BidSerializer(ModelSerializer):
    price = serializers.SerializerMethodField()
    consultant_name = serializers.CharField(source="consultant.name")
    files = serializers.SerializerMethodField()
    sealed_files = serializers.SerializerMethodField()
    financial_envelope = serializers.ChoiceField(
        choices=EnvelopeState.choices, read_only=True
    )
    financial_envelope_display = serializers.SerializerMethodField()
    receipts = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

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
            "disqualification_reason",
            "financial_envelope",
            "financial_envelope_display",
            "financial_returned_at",
            "files",
            "sealed_files",
            "receipts",
            "available_transitions",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_price(self, obj):
        """As access.bid_price_for: plain after opening; before it only the
        bidder gets the decrypted offer."""
        request = self.context.get("request")
        price = access.bid_price_for(request.user, obj) if request else None
        return None if price is None else f"{price:.2f}"

    def _files(self, obj) -> tuple[list, int]:
        request = self.context.get("request")
        cache = obj.__dict__.setdefault("_files_for", {})
        user = request.user if request else None
        if user not in cache:
            cache[user] = access.bid_files_for(user, obj) if user else ([], 0)
        return cache[user]

    def get_financial_envelope_display(self, obj) -> str:
        """The state of the financial envelope in the user's language:
        sealed, opened, or returned unopened (technically disqualified)."""
        return str(obj.financial_envelope.label)

    def get_sealed_files(self, obj) -> int:
        """How many files of the financial envelope are still sealed for
        the user: counted, never named, until that envelope is opened."""
        return self._files(obj)[1]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_files(self, obj):
        """The files the user may see: a financial file's name, size and
        digest only once its envelope is opened (or for the bidder)."""
        return [
            {
                "id": f.pk,
                "kind": f.kind,
                "name": f.original_name,
                "size": f.size,
                "sha256": f.sha256,
                "url": f.get_absolute_url(),
            }
            for f in self._files(obj)[0]
        ]

    @extend_schema_field(ReceiptSerializer(many=True))
    def get_receipts(self, obj):
        """The bidder's own receipts (with their salts), for the bidder only."""
        request = self.context.get("request")
        if not request or obj.consultant.user_id != request.user.pk:
            return []
        return ReceiptSerializer(obj.receipts.all(), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_transitions(self, obj):
        """The moves the signed-in user may make now (Bid.transitions)."""
        return _transitions_for(self, obj)
