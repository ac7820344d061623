"""Request parsers, kept apart from portal.api: DRF imports them while it
builds APIView (its class attribute reads DEFAULT_PARSER_CLASSES), so this
module must not import rest_framework.views itself."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONObjectParser(JSONParser):
    """JSON bodies, which for this API are always objects: a list, number,
    string or boolean at the top level is a 400, not a crash in a view that
    reads fields from it. (No endpoint takes a top-level list.)"""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object."))
        return data
