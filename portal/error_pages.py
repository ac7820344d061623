"""Error answers: JSON under /api/ (what the API schema documents), the usual
pages elsewhere."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render
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


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)
