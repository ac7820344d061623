"""Oversize request bodies are refused before anything reads them.

RequestSizeLimitMiddleware answers 413 when the declared Content-Length
exceeds settings.REQUEST_MAX_BYTES, early in the stack, so that neither the CSRF
check nor a view starts reading the body. Under WSGI Django never reads past the
declared length; LimitedUploadHandler is the second line for servers that pass
a body whose length was not declared or lied about: it stops a multipart upload
as soon as the bytes received pass the same limit."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _


class RequestBodyTooLarge(RequestDataTooBig):
    """A body past settings.REQUEST_MAX_BYTES (answered with 413)."""


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large_response(request) -> HttpResponse:
    """A short 413 page, or JSON for the API, in the user's language (the
    locale middleware has not run yet: the language is read from the request)."""
    limit = settings.REQUEST_MAX_BYTES
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        message = _(
            "The request is too large: at most %(limit)s can be sent at once. "
            "Send fewer or smaller files."
        ) % {"limit": filesizeformat(limit)}
        title = _("Request too large")
    wants_json = request.path.startswith("/api/") or "application/json" in (
        request.META.get("HTTP_ACCEPT", "")
    )
    if wants_json:
        response = JsonResponse({"detail": message}, status=413)
    else:
        response = HttpResponse(
            format_html(
                '<!doctype html><html lang="{}"><meta charset="utf-8">'
                "<title>{}</title><h1>{}</h1><p>{}</p></html>",
                language,
                title,
                title,
                message,
            ),
            status=413,
        )
    response["Content-Language"] = language
    return response


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _declared_length(request) > settings.REQUEST_MAX_BYTES:
            return too_large_response(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestBodyTooLarge):
            return too_large_response(request)
        return None


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts the bytes of every uploaded file
    of the request and stops the upload past settings.REQUEST_MAX_BYTES."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        if content_length and content_length > settings.REQUEST_MAX_BYTES:
            raise RequestBodyTooLarge("request body past REQUEST_MAX_BYTES")

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.REQUEST_MAX_BYTES:
            raise RequestBodyTooLarge("request body past REQUEST_MAX_BYTES")
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file
