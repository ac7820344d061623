"""OCDS release and record packages (paged by date then id, streamed), one
record package per ocid, and the daily bulk files."""

from django.conf import settings
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import ocds
from ..ocds import bulk

JSON = "application/json"
PAGE_PARAMETERS = [
    OpenApiParameter("after", OpenApiTypes.STR, description="the cursor of links.next"),
    OpenApiParameter(
        "size",
        OpenApiTypes.INT,
        description="items a page (default OCDS_PAGE_SIZE, at most OCDS_PAGE_SIZE_MAX)",
    ),
]


def _parse_day(value: str):
    try:
        return parse_date(value)
    except ValueError:  # well formed, but no such day
        return None


def _day(request, name):
    value = request.query_params.get(name)
    if not value:
        return None
    day = _parse_day(value)
    if day is None:
        raise ValidationError({name: [_("Use the date format YYYY-MM-DD.")]})
    return day


def _size(request):
    value = request.query_params.get("size")
    if value and not value.isdigit():
        raise ValidationError({"size": [_("Give the page size as a whole number.")]})
    return value


def _next_uri(request):
    def make(cursor):
        query = request.GET.copy()
        query["after"] = cursor
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return make


def _streamed(chunks):
    return StreamingHttpResponse(chunks, content_type=JSON)


def _bad_cursor():
    return ValidationError(
        {"after": [_("This page cursor is not valid: follow links.next.")]}
    )


class ReleasePackageView(APIView):
    """OCDS 1.1 release package: every stored release, by date then release id,
    one page at a time (links.next)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since", OpenApiTypes.DATE, description="YYYY-MM-DD, inclusive"
            ),
            OpenApiParameter(
                "until", OpenApiTypes.DATE, description="YYYY-MM-DD, inclusive"
            ),
            *PAGE_PARAMETERS,
        ],
        responses={200: dict},
    )
    def get(self, request):
        try:
            chunks = ocds.release_package(
                uri=request.build_absolute_uri(),
                next_uri=_next_uri(request),
                cursor=request.query_params.get("after"),
                size=_size(request),
                since=_day(request, "since"),
                until=_day(request, "until"),
            )
        except ocds.BadCursor as exc:
            raise _bad_cursor() from exc
        return _streamed(chunks)


class RecordListView(APIView):
    """OCDS 1.1 record package: every record (its releases and compiled
    release), by the date of its first release, one page at a time."""

    @extend_schema(
        operation_id="v1_ocds_record_package_list",
        parameters=PAGE_PARAMETERS,
        responses={200: dict},
    )
    def get(self, request):
        try:
            chunks = ocds.record_package(
                uri=request.build_absolute_uri(),
                next_uri=_next_uri(request),
                cursor=request.query_params.get("after"),
                size=_size(request),
            )
        except ocds.BadCursor as exc:
            raise _bad_cursor() from exc
        return _streamed(chunks)


class RecordPackageView(APIView):
    """OCDS 1.1 record package of one tender: its releases and compiled state."""

    @extend_schema(responses={200: dict})
    def get(self, request, ocid):
        prefix = settings.OCDS_OCID_PREFIX
        suffix = ocid[len(prefix) :] if ocid.startswith(prefix) else ""
        if not suffix.isdigit():
            raise Http404
        tender = ocds.publishable().filter(pk=int(suffix)).first()
        package = tender and ocds.single_record_package(
            tender, uri=request.build_absolute_uri()
        )
        if not package:
            raise Http404
        return Response(package)


class BulkFileListView(APIView):
    """The daily JSON Lines files of releases (one release a line, the
    releases dated that Bishkek day), oldest first."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        files = [
            {
                **entry,
                "url": request.build_absolute_uri(
                    reverse("ocds-bulk-file", args=[entry["date"]])
                ),
            }
            for entry in bulk.listing()
        ]
        return Response({"files": files})


class BulkFileView(APIView):
    """One day's JSON Lines file."""

    @extend_schema(responses={(200, "application/x-ndjson"): OpenApiTypes.BINARY})
    def get(self, request, day):
        parsed = _parse_day(day)
        path = bulk.path_for(parsed) if parsed else None
        if path is None or not path.is_file():
            raise Http404
        return FileResponse(
            path.open("rb"),
            content_type="application/x-ndjson",
            as_attachment=True,
            filename=path.name,
        )
