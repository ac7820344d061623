"""Complaints in the API, by the pages' rules: decisions are public (with
the complaint, the municipality's explanation and the reasons); before the
decision the text is for the complainant, the municipality and the review
commission. The municipality explains; only the commission decides (403 for
anyone else, the municipality concerned first of all)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from portal.api import DateTimeField, ModelSerializer

from .. import access, services
from ..models import (
    Complaint,
    ComplaintDecision,
    ComplaintEffect,
    ComplaintSubject,
    Tender,
)
from .common import call, get_or_404, valid


class ComplaintSerializer(ModelSerializer):
    """What anyone may read of a complaint; the text, the complainant and
    the explanation are null until the decision for those not concerned."""

    complainant = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()
    reasons = serializers.CharField(source="answer")
    decided_at = DateTimeField(source="answered_at")
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "tender",
            "subject",
            "filed_at",
            "complainant",
            "text",
            "explanation",
            "explained_at",
            "decision",
            "effect",
            "reasons",
            "decided_at",
            "available_transitions",
        ]

    def _readable(self, obj) -> bool:
        return access.can_read_complaint(self.context["request"].user, obj)

    def get_complainant(self, obj) -> str | None:
        return obj.consultant.name if self._readable(obj) else None

    def get_text(self, obj) -> str | None:
        return obj.text if self._readable(obj) else None

    def get_explanation(self, obj) -> str | None:
        return obj.explanation if self._readable(obj) else None

    def get_available_transitions(self, obj) -> list[str]:
        user = self.context["request"].user
        moves = obj.available_transitions(user)
        if not access.can_decide_complaint(user, obj):
            moves = [m for m in moves if m == "explain"]
        return moves


MAX_ID = 2**31 - 1  # a PostgreSQL integer key


class ComplaintInput(serializers.Serializer):
    tender = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    subject = serializers.ChoiceField(
        choices=ComplaintSubject.choices, default=ComplaintSubject.EVALUATION
    )
    bid = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="Your bid, for a complaint about the evaluation.",
    )
    text = serializers.CharField(
        max_length=Complaint._meta.get_field("text").max_length or 8000
    )


class ExplanationInput(serializers.Serializer):
    explanation = serializers.CharField(
        max_length=Complaint._meta.get_field("explanation").max_length
    )


class DecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ComplaintDecision.choices)
    reasons = serializers.CharField(max_length=8000)
    effect = serializers.ChoiceField(choices=ComplaintEffect.choices)


class ComplaintViewSet(
    viewsets.mixins.ListModelMixin,
    viewsets.mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Complaints on published tenders, newest first (`?tender=<id>` for one
    tender's); a member files one (about the terms before the submission
    deadline, about the evaluation of their bid during the standstill) and
    reads their own (`mine`); the municipality's explanation and the
    commission's decision as actions."""

    serializer_class = ComplaintSerializer
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return super().get_permissions()
        return [IsAuthenticated()]

    def get_queryset(self):
        qs = (
            Complaint.objects.filter(tender__in=Tender.objects.public())
            .select_related("consultant", "tender")
            .order_by("-filed_at", "-id")
        )
        tender = self.request.query_params.get("tender")
        if tender is not None:
            qs = qs.filter(Q(tender_id=tender) if tender.isdigit() else Q(pk=None))
        return qs

    @extend_schema(request=ComplaintInput, responses={201: ComplaintSerializer})
    def create(self, request):
        """File a complaint to the review commission as a member (403 for
        anyone else; 404 for a tender not visible or a bid not one's own;
        409 when the rules refuse it, with the reason)."""
        consultant = access.get_own_consultant(request.user)
        data = valid(ComplaintInput(data=request.data)).validated_data
        tender = access.get_visible_tender(request.user, data["tender"])
        bid = None
        if data["subject"] == ComplaintSubject.EVALUATION:
            if not data.get("bid"):
                raise ValidationError({"bid": [_("Give your bid.")]})
            bid = get_or_404(tender.bids.filter(consultant=consultant), data["bid"])
        complaint = call(
            services.complaint_file,
            consultant=consultant,
            text=data["text"],
            subject=data["subject"],
            bid=bid,
            tender=tender,
        )
        response = self._read(complaint.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=None, responses={200: ComplaintSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def mine(self, request):
        """The signed-in member's own complaints, with their text, decided or
        not (403 for anyone but a member)."""
        consultant = access.get_own_consultant(request.user)
        complaints = (
            Complaint.objects.filter(consultant=consultant)
            .select_related("consultant", "tender")
            .order_by("-filed_at", "-id")
        )
        return Response(
            ComplaintSerializer(
                complaints, many=True, context=self.get_serializer_context()
            ).data
        )

    def _complaint(self, pk) -> Complaint:
        """404 unless the complaint's tender is visible to the user."""
        return get_or_404(
            Complaint.objects.filter(
                tender__in=Tender.objects.visible_to(self.request.user)
            ).select_related("tender__municipality", "consultant"),
            pk,
        )

    @extend_schema(request=ExplanationInput, responses={200: ComplaintSerializer})
    @action(detail=True, methods=["post"])
    def explanation(self, request, pk=None):
        """The municipality's explanation (its staff, once, before the
        decision)."""
        complaint = self._complaint(pk)
        if not access.can_manage_tender(request.user, complaint.tender):
            raise PermissionDenied
        data = valid(ExplanationInput(data=request.data)).validated_data
        call(
            services.complaint_explain,
            complaint=complaint,
            by=request.user,
            explanation=data["explanation"],
        )
        return self._read(complaint.pk)

    @extend_schema(request=DecisionInput, responses={200: ComplaintSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """The review commission's decision and its effect on the tender
        (members of the commission only; final)."""
        complaint = self._complaint(pk)
        if not access.can_decide_complaint(request.user, complaint):
            raise PermissionDenied
        data = valid(DecisionInput(data=request.data)).validated_data
        call(
            services.complaint_decide,
            complaint=complaint,
            by=request.user,
            decision=data["decision"],
            reasons=data["reasons"],
            effect=data["effect"],
        )
        return self._read(complaint.pk)

    def _read(self, pk) -> Response:
        complaint = Complaint.objects.select_related("consultant", "tender").get(pk=pk)
        return Response(
            ComplaintSerializer(complaint, context=self.get_serializer_context()).data
        )
