"""Response headers that every answer of the portal carries.

The Content-Security-Policy itself comes from django-csp (CONTENT_SECURITY_POLICY);
this middleware adds what django-csp does not: a Permissions-Policy, and
`Cache-Control: no-store` on every answer to a signed-in user, since such an answer
may show private data (a bidder's own sealed price, contacts, certificates) that no
shared or browser cache should keep.

Pages for visitors who are not signed in get `Cache-Control: private, no-cache`
unless the view said otherwise: every page carries a CSRF token tied to the
visitor's cookie, so a shared cache must not hand one visitor's page to
another, and the browser revalidates instead of showing a stale deadline or
status. Static files get their headers from WhiteNoise (hashed names: a year,
immutable).
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            policy = settings.PERMISSIONS_POLICY
            response.headers.setdefault("Permissions-Policy", policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # replaces any max-age a view may have set: private answers are never
            # stored, not even by the browser's back/forward cache on a shared phone
            response.headers.pop("Cache-Control", None)
            response.headers.pop("Expires", None)
            patch_cache_control(response, private=True, no_store=True)
        elif "Cache-Control" not in response.headers and response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            patch_cache_control(response, private=True, no_cache=True)
        return response
