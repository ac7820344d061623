"""The stylesheet inlined on a visitor's first page, linked afterwards.

On slow 3G (400 ms a round trip) a page paints only once its stylesheet has
arrived: the HTML's round trip, then the stylesheet's, and one more for a
redirect (every page behind the sign-in sends anonymous visitors to it). The
first page a browser gets from the portal therefore carries portal.css in a
`<style>` element (about 4 KB more compressed HTML instead of a round trip),
and a low-priority `<link rel="prefetch">` so the file is in the browser's
cache for the next page; the answer sets a cookie naming the stylesheet's
version, and pages for a browser with that cookie link the file as usual
(immutable, cached for a year). A new stylesheet (another version) is inlined
once more. The apps' own small stylesheets (trainings, reports) go the same
way, each by its version in the same cookie. The inline style carries the
Content-Security-Policy nonce of its answer (style-src has no
'unsafe-inline').

`make bench-pages` measures the effect (README, "bench-pages").
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.cache import patch_vary_headers

COOKIE = "portal_css"
COOKIE_MAX_AGE = 365 * 24 * 3600
KEEP_VERSIONS = 6  # the portal's stylesheet and the apps' (trainings, reports)


@lru_cache(maxsize=8)
def _read(url: str, name: str) -> tuple[str, str]:
    """(content, version) of a static stylesheet; `url` (hashed in production)
    keys the cache, so a new collectstatic is a new entry."""
    path = finders.find(name)
    if path is None:
        with staticfiles_storage.open(name) as stylesheet:
            content = stylesheet.read().decode("utf-8")
    else:
        with open(path, encoding="utf-8") as stylesheet:
            content = stylesheet.read()
    return content, hashlib.sha256(content.encode()).hexdigest()[:12]


def stylesheet(request, name: str) -> dict:
    """What the page's head needs for the stylesheet `name`: its URL, and its
    content when this browser is not known to have it cached (nothing when
    the page has it already)."""
    url = staticfiles_storage.url(name)
    content, version = _read(url, name)
    if request is not None:
        request.portal_stylesheet_checked = True
    # without the CSP middleware (a bare request) there is no nonce to allow it
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None or version in request.COOKIES.get(COOKIE, "").split("."):
        return {"url": url, "inline": None}
    inlined = request.__dict__.setdefault("portal_stylesheets_inlined", [])
    if version in inlined:
        return {"url": url, "inline": None, "again": True}
    inlined.append(version)
    return {"url": url, "inline": content, "nonce": nonce}


class StylesheetCookieMiddleware:
    """Remembers in a cookie which stylesheets the browser got inline (and
    prefetched as files), by version; the answer varies on the cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        inlined = getattr(request, "portal_stylesheets_inlined", None)
        if inlined:
            known = [v for v in request.COOKIES.get(COOKIE, "").split(".") if v]
            versions = list(dict.fromkeys(known + inlined))[-KEEP_VERSIONS:]
            response.set_cookie(
                COOKIE,
                ".".join(versions),
                max_age=COOKIE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        if getattr(request, "portal_stylesheet_checked", False):
            patch_vary_headers(response, ["Cookie"])
        return response
