"""django-axes hooks: who is being guessed, and what a locked-out person sees."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def axes_username(request, credentials=None):
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    if request is not None and hasattr(request, "POST"):
        for key in ("login", "email", "username"):
            if request.POST.get(key):
                return request.POST[key].strip().lower()
    return ""


def lockout_response(request, *args, **kwargs):
    return render(
        request,
        "account/lockout.html",
        {
            "cooloff_hours": settings.AXES_COOLOFF_TIME,
            "message": _(
                "Too many failed sign-in attempts. The account is locked; "
                "try again later or reset your password."
            ),
        },
        status=429,
    )
