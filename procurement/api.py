"""Tenders, bids and OCDS in the REST API, with the same rules as the pages:
the public sees published tenders; a bid is readable by its bidder, and after
the opening by the municipality, the academy and the region's coordinators."""

from django.conf import settings
from django.http import Http404
from django.utils.dateparse import parse_date
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import ocds
from .crypto import unseal_price
from .filters import TenderListFilterSet
from .models import Bid, Tender


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


class TenderViewSet(viewsets.ReadOnlyModelViewSet):
    """Published tenders; a municipality's staff also reach its drafts by id."""

    serializer_class = TenderSerializer
    filterset_class = TenderListFilterSet

    def get_queryset(self):
        qs = Tender.objects.for_listing().select_related("award__bid__consultant")
        if self.action == "retrieve":
            return qs.visible_to(self.request.user)
        return qs.public()


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
        """Plain after opening; before it only the bidder (the sole reader of a
        sealed bid) gets the decrypted offer."""
        if obj.price is not None:
            return f"{obj.price:.2f}"
        request = self.context.get("request")
        if request and obj.consultant.user_id == request.user.pk and obj.sealed_price:
            return f"{unseal_price(obj.sealed_price):.2f}"
        return None

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
            {"kind": r.kind, "digest": r.digest, "time": r.created_at}
            for r in obj.receipts.all()
        ]


class BidViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BidSerializer

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
            OpenApiParameter("since", str, description="YYYY-MM-DD, inclusive"),
            OpenApiParameter("until", str, description="YYYY-MM-DD, inclusive"),
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
