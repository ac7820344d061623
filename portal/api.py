from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    """DRF's handler, except that a 404 says DRF's translated "Not found."
    instead of Django's English "No Consultant matches the given query."."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


class JSONObjectParser(JSONParser):
    """JSON bodies, which for this API are always objects: a list, number,
    string or boolean at the top level is a 400, not a crash in a view that
    reads fields from it. (No endpoint takes a top-level list.)"""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError(_("The request body must be a JSON object."))
        return data
