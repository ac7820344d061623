"""What the tender pages share: the page size, the rules in force, the
message after an action."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from portal.errors import DomainError

PAGE_SIZE = 20


def rules():
    """The configurable procurement rules in force, for the UI help."""
    return {
        "min_days": settings.PROCUREMENT_MIN_SUBMISSION_DAYS,
        "standstill_days": settings.PROCUREMENT_STANDSTILL_DAYS,
        "min_bids": settings.PROCUREMENT_MIN_BIDS,
        "amendment_days": settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS,
        "max_upload": settings.UPLOAD_MAX_BYTES,
    }


def _done(request, message, target):
    messages.success(request, message)
    return redirect(target)


def _refused(request, exc: DomainError, target):
    messages.error(request, exc.message)
    return redirect(target)
