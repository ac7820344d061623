from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils import humanize_datetime
from rest_framework.views import exception_handler as drf_exception_handler

from .pagination import COUNT_CAP, SEARCH_CAP, CappedPaginator


class Pagination(PageNumberPagination):
    """Page numbers from 1; `page_size` from 1 to 100. A page size that is not
    such a number is a 400 (DRF would silently use the default), so that what
    the schema says is what the API does.

    Counts stop at COUNT_CAP (SEARCH_CAP for a search: portal.pagination):
    `count` is exact up to it; beyond, `count` is the cap, `count_capped` is
    true and `next` leads on while rows remain."""

    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": min(paginator.count, paginator.cap),
                "count_capped": paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"exact up to {COUNT_CAP} ({SEARCH_CAP} for a search); beyond, "
            "that cap with count_capped true"
        )
        response["properties"]["count_capped"] = {"type": "boolean"}
        response["required"] = [*response.get("required", []), "count_capped"]
        return response

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        value = raw[-1]
        if len(raw) > 1 or not value.isascii() or not value.isdigit():
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Enter a whole number.")]}
            )
        number = int(value)
        # Django's own translated messages
        if number < 1:
            message = _(
                "Ensure this value is greater than or equal to %(limit_value)s."
            )
            limit = 1
        elif number > self.max_page_size:
            message = _("Ensure this value is less than or equal to %(limit_value)s.")
            limit = self.max_page_size
        else:
            return number
        raise exceptions.ValidationError(
            {self.page_size_query_param: [message % {"limit_value": limit}]}
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            schema = parameter.setdefault("schema", {})
            if parameter["name"] == self.page_query_param:
                schema["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                schema.update(minimum=1, maximum=self.max_page_size)
        return parameters


def exception_handler(exc, context):
    """DRF's handler, except that a 404 says DRF's translated "Not found."
    instead of Django's English "No Consultant matches the given query."."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


class DateTimeField(serializers.DateTimeField):
    """DRF's, except that a time its zone cannot hold (the first hours of
    year 1 in Asia/Bishkek, UTC+6) is an invalid value, not an OverflowError
    (a 500): DRF checks the made-aware time against UTC without catching it."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            formats = getattr(
                self, "input_formats", api_settings.DATETIME_INPUT_FORMATS
            )
            self.fail("invalid", format=humanize_datetime.datetime_formats(formats))


# The portal's model serializers: a model's date-time field is the portal's
# DateTimeField. (A comment, not a docstring: drf-spectacular would give it to
# the schema of every serializer without a docstring of its own.)
class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DateTimeField,
    }
