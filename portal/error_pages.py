"""Error answers: JSON under /api/ (what the API schema documents), the usual
pages elsewhere."""

import sys

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    """A request Django refused before any view read it: too many files or
    fields in one form (DATA_UPLOAD_MAX_NUMBER_FILES/FIELDS) says so, in the
    user's language; other malformed requests get a short translated page."""
    if isinstance(exception, TooManyFilesSent | TooManyFieldsSent):
        message = _(
            "The request has too many parts: at most %(files)s files and "
            "%(fields)s fields can be sent at once."
        ) % {
            "files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            "fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        }
    else:
        message = _("The request could not be understood.")
    if _is_api(request):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


# seconds a visitor is asked to wait when the database does not answer
RETRY_AFTER = 30


def database_unavailable() -> bool:
    """Whether the error being handled is the database not answering (down,
    restarting, the connection lost, a statement cancelled by its timeout):
    handler500 runs inside Django's `except` block, so the exception is the
    one being handled."""
    return isinstance(sys.exc_info()[1], OperationalError | InterfaceError)


def server_error(request):
    """500; or 503 with Retry-After when the database does not answer, which
    a visitor can do something about (try again shortly) and a monitor tells
    apart from a bug. Neither page touches the database."""
    if database_unavailable():
        message = _(
            "The portal cannot reach its database just now. Please try again "
            "in a minute. If you were sending a form, check afterwards whether "
            "it was saved before sending it again."
        )
        if _is_api(request):
            response = JsonResponse({"detail": message}, status=503)
        else:
            page = loader.get_template("503.html").render({"message": message})
            response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)
