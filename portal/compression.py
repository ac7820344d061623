"""gzip for the portal's answers, minding BREACH.

BREACH recovers a secret from a compressed response when the attacker can put
text of their choosing into the same response and watch its size over many
requests. What the portal's pages carry and why compressing them is safe:

- the CSRF token is masked afresh in every response (Django's `get_token()`),
  so no two responses hold the same bytes for it and there is nothing stable
  to guess;
- Django's GZipMiddleware adds random bytes to each gzip header ("Heal The
  Breach"), which blurs the lengths an attacker measures;
- the session cookie is never in the body, and with SameSite=Lax a cross-site
  page cannot make the browser send it on the many background requests BREACH
  needs.

What is left: a signed-in person's page (a bidder's own price, contacts,
certificates) that also echoes the query string (search boxes, filters). Such
answers are sent uncompressed; they are a small share of the traffic, the
public pages that phones on slow connections read most are compressed. A view
can also opt out with `@uncompressed`.
"""

from functools import wraps

from django.middleware.gzip import GZipMiddleware

# Text compresses; PDF, XLSX, DOCX, images and encrypted bid files do not, and
# streaming them through gzip only costs the server time.
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/javascript",
    "application/geo+json",
    "application/vnd.oai.openapi",
    "image/svg+xml",
)


def uncompressed(view):
    """Never compress this view's answers (it shows a secret next to input)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.portal_uncompressed = True
        return response

    return wrapped


def may_compress(request, response) -> bool:
    if getattr(response, "portal_uncompressed", False):
        return False
    if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
        return False
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return not (signed_in and request.GET)


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not may_compress(request, response):
            return response
        return super().process_response(request, response)
