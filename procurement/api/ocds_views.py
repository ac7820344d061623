"""OCDS release and record packages."""

from django.conf import settings
from django.http import Http404
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import ocds


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
