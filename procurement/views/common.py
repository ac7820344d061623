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
        "complaint_answer_days": settings.PROCUREMENT_COMPLAINT_ANSWER_DAYS,
        "min_invited": settings.PROCUREMENT_MIN_INVITED,
        "shortlist_min": settings.PROCUREMENT_SHORTLIST_MIN,
        "shortlist_max": settings.PROCUREMENT_SHORTLIST_MAX,
        "max_upload": settings.UPLOAD_MAX_BYTES,
    }


def _done(request, message, target):
    messages.success(request, message)
    return redirect(target)


def _refused(request, exc: DomainError, target):
    messages.error(request, exc.message)
    return redirect(target)


def _invalid(request, message, target):
    """A POST whose form did not validate: say what is missing, go back."""
    messages.error(request, message)
    return redirect(target)


def _act(request, target, message, service, **kwargs):
    """One service call for a POST, then back to `target` with `message`, or
    with the rule's refusal (a DomainError) and nothing changed."""
    try:
        service(**kwargs)
    except DomainError as exc:
        return _refused(request, exc, target)
    return _done(request, message, target)
