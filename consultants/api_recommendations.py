"""GET /api/v1/municipalities/<id>/recommended-members/: the members who could
help a municipality, best first, with the reasons (consultants/recommendations.py;
the formula: consultants/models/recommendations.py)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from municipalities.models import Municipality

from .models import ExpertiseArea
from .recommendations import recommend


class RecommendedMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="member.pk")
    name = serializers.CharField(source="member.name")
    url = serializers.CharField(source="member.get_absolute_url")
    status = serializers.CharField(source="member.status")
    home_region = serializers.CharField(source="member.home_region_id")
    score = serializers.FloatField(help_text="the ranking's score (higher first)")
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="why the member is shown, in the request's language",
    )
    expertise_areas = serializers.ListField(
        child=serializers.CharField(),
        help_text="codes of the areas asked for that the member lists",
    )
    certified_for = serializers.ListField(
        child=serializers.CharField(),
        help_text="codes of the areas asked for (none asked: any) with a "
        "certificate in force",
    )
    serves_district = serializers.BooleanField()
    serves_region = serializers.BooleanField(
        help_text="serves the municipality's region or is based there"
    )
    based_in_region = serializers.BooleanField()
    completed_contracts = serializers.IntegerField(source="member.completed_contracts")
    rating_average = serializers.DecimalField(
        source="member.rating_average",
        max_digits=3,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=False,
    )
    rating_count = serializers.IntegerField(source="member.rating_count")
    available = serializers.BooleanField(help_text="false: busy until busy_until")
    busy_until = serializers.DateField(allow_null=True)


def _expertise_codes(request) -> list[str]:
    """The `expertise` parameters (repeatable; empty ones ignored), each the
    code of an expertise area, or a 400 naming the unknown ones."""
    codes = sorted({c for c in request.query_params.getlist("expertise") if c})
    known = set(
        ExpertiseArea.objects.filter(code__in=codes).values_list("code", flat=True)
    )
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            {
                "expertise": [
                    _("No such expertise area: %(codes)s.")
                    % {"codes": ", ".join(unknown)}
                ]
            }
        )
    return codes


class RecommendedMembersView(APIView):
    """Network members who could help the municipality, best first (at most
    10): active members who take work, for the expertise areas asked for
    (none: those serving the municipality's district or region), ranked by
    expertise match, serving the district, serving the region or being based
    there, certificates in force for those areas, completed contracts (up to
    10), the Bayesian average of their ratings and availability (busy members
    lower). Each comes with the flags and the worded reasons."""

    @extend_schema(
        operation_id="v1_municipalities_recommended_members",
        parameters=[
            OpenApiParameter(
                "expertise",
                OpenApiTypes.STR,
                many=True,
                pattern=r"^[-a-zA-Z0-9_]+$",
                description="code of an expertise area (repeatable), "
                "e.g. tariffs; unknown codes are a 400",
            ),
        ],
        responses={200: RecommendedMemberSerializer(many=True)},
    )
    def get(self, request, pk: int):
        municipality = get_object_or_404(
            Municipality.objects.select_related("region", "district"), pk=pk
        )
        shown = recommend(municipality, _expertise_codes(request))
        return Response(RecommendedMemberSerializer(shown, many=True).data)
