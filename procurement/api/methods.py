"""The two-stage selection in the API, by the pages' rules and services:
members apply to a call for expressions of interest (and read their own
application); the municipality reads the applications and makes the
shortlist with a reason for each member; the shortlist is public once
published. The proposals are bids (POST /tenders/{id}/bids/), which only
shortlisted members may submit (Tender.eligibility_problem)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from portal.api import DateTimeField, ModelSerializer

from .. import access, services
from ..models import ExpressionOfInterest, Invitation
from .common import call, valid
from .inputs import InputSerializer


class ExpressionSerializer(ModelSerializer):
    """An application to a call for expressions of interest."""

    consultant_name = serializers.CharField(source="consultant.name")
    shortlisted = serializers.SerializerMethodField()

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "id",
            "tender",
            "consultant",
            "consultant_name",
            "experience",
            "relevant_contracts",
            "submitted_at",
            "shortlisted",
        ]

    def get_shortlisted(self, obj) -> bool | None:
        """Whether the member is on the shortlist; null until it is
        published."""
        if not obj.tender.shortlist_is_public:
            return None
        return Invitation.objects.filter(expression=obj).exists()


class ShortlistEntrySerializer(ModelSerializer):
    """A member on the published shortlist, with the municipality's reason."""

    consultant_name = serializers.CharField(source="consultant.name")
    shortlisted_at = DateTimeField(source="created_at")

    class Meta:
        model = Invitation
        fields = ["consultant", "consultant_name", "reason", "shortlisted_at"]


class InterestInput(InputSerializer):
    experience = serializers.CharField(
        max_length=ExpressionOfInterest._meta.get_field("experience").max_length
    )
    relevant_contracts = serializers.IntegerField(min_value=0, max_value=1000)


class ShortlistChoiceInput(InputSerializer):
    expression = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The id of an application (GET /tenders/{id}/interest/).",
    )
    reason = serializers.CharField(max_length=2000)


class ShortlistInput(InputSerializer):
    members = ShortlistChoiceInput(many=True, allow_empty=False)


class TwoStageActions:
    """Actions of TenderViewSet for the two-stage selection."""

    @extend_schema(
        methods=["GET"], request=None, responses={200: ExpressionSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"], request=InterestInput, responses={201: ExpressionSerializer}
    )
    @action(
        detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[]
    )
    def interest(self, request, pk=None):
        """GET: the applications the user may read (the municipality: all;
        a member: their own; anyone else: 403). POST: a member applies, or
        changes the application, while the call is open (201)."""
        tender = access.get_visible_tender(request.user, pk)
        if request.method == "GET":
            if not (
                access.can_manage_tender(request.user, tender)
                or access.own_consultant(request.user)
            ):
                raise PermissionDenied
            expressions = access.expressions_readable_by(
                request.user, tender
            ).select_related("consultant", "tender")
            return Response(ExpressionSerializer(expressions, many=True).data)
        consultant = access.get_own_consultant(request.user)
        data = valid(InterestInput(data=request.data)).validated_data
        expression = call(
            services.interest_express,
            tender=tender,
            consultant=consultant,
            interest=services.Interest(**data),
        )
        return Response(
            ExpressionSerializer(expression).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: ShortlistEntrySerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        request=ShortlistInput,
        responses={201: ShortlistEntrySerializer(many=True)},
    )
    @action(
        detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[]
    )
    def shortlist(self, request, pk=None):
        """GET: the published shortlist with the reasons, public (404 before
        it is published). POST: the municipality makes and publishes it once
        the call has closed, a reason for every member (the applicants are
        told)."""
        tender = access.get_visible_tender(request.user, pk)
        if request.method == "GET":
            if not access.can_read_shortlist(request.user, tender):
                raise Http404
            return self._shortlist(tender)
        if not access.can_manage_tender(request.user, tender):
            raise PermissionDenied
        data = valid(ShortlistInput(data=request.data)).validated_data
        chosen = {row["expression"]: row["reason"] for row in data["members"]}
        tender = call(
            services.shortlist_make, tender=tender, by=request.user, chosen=chosen
        )
        return self._shortlist(tender, status=status.HTTP_201_CREATED)

    def _shortlist(self, tender, status=status.HTTP_200_OK) -> Response:
        entries = tender.invitations.select_related("consultant").order_by("pk")
        return Response(
            ShortlistEntrySerializer(entries, many=True).data, status=status
        )
