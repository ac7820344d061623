"""A server-side cache of the public pages as anonymous visitors see them.

Most visitors of the registry, the tender list and the profiles are not signed
in (municipal staff browsing, phones on slow links), and a Django page that
renders 36 KB of HTML costs 10-25 ms of CPU. `PageCacheMiddleware` keeps the
rendered answer of an allow-listed public view (`CACHEABLE`: the registry
list and profile, the tender list, detail and Atom feed, the municipalities
list and detail, the home page) in Redis for `PAGE_CACHE_SECONDS` (default
60; 0 turns it off) and hands it to the next anonymous visitor who asks for
the same thing. The registry API's anonymous answers go the same way through
`CachedPublicReadMixin` (after DRF's throttles, which keep counting).

What may be shared, and with whom
- Only GET without a body, only an anonymous visitor with no pending
  messages, only answers 200 that set no cookie of their own, did not touch
  the CSRF token (anonymous pages carry none: `base.html` gives htmx the
  token only when signed in), did not write the session, vary on nothing
  but what the key holds, and were rendered for a visitor who was still
  anonymous at the end. A signed-in person's page is never stored and a
  signed-in person is never served a stored page (their pages show contacts,
  their own bids, actions). Anything else is answered as usual ("skip").
- The key: method, scheme and host, path, the query string with its
  parameters sorted, the active language, the htmx headers a view answers
  with a fragment for, the Accept header (API only), and the `portal_css`
  cookie (portal/stylesheet.py: a first visit gets the stylesheet inline,
  with the answer's CSP nonce, and a cookie; later visits a link).
- The CSP nonce: a stored body holds the nonce of the request that rendered
  it; it is stored with a marker in its place, and a hit puts the current
  request's nonce back (reading `request.csp_nonce`, so django-csp writes
  the same nonce into the header). Bodies that already contain the marker
  are not stored. The stylesheet cookie a first-visit page sets is set again
  on each hit (StylesheetCookieMiddleware sees the same request attributes).

Invalidation: a *generation* token in the cache. Every entry records the
generation it was rendered under (read before the view ran) and counts only
while the generation is unchanged. Any save, delete or M2M change of a model
of the public apps (`PUBLIC_APPS`, but for `PRIVATE_MODELS`; receivers
registered once, by app label, in `connect()`) and the services' bulk
`.update()`/`bulk_create()` and raw SQL paths (`changed()`) set a new
generation at once and again when the transaction commits (a page rendered
in between, from data not yet committed, is dropped by the second one).
Entries also expire after PAGE_CACHE_SECONDS: the backstop for what no
signal sees (raw SQL, the benchmark loader, a change made while Redis was
unreachable). A page that changes with the clock says until when it may be
shared (`shared_until`: a tender's page, up to its next deadline, opening or
standstill end); lists showing deadlines rely on the TTL (up to
PAGE_CACHE_SECONDS late, as the beat that closes tenders is).

Redis down: `DegradingRedisCache` answers "nothing cached", every page is
rendered as usual. `X-Page-Cache: hit|miss|skip` tells what happened; with
settings.PORTAL_BENCH, a request carrying `X-Bench-No-Cache` bypasses the
cache (the benchmark's "one request alone" shows the rendering cost).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re

GENERATION_KEY = "pagecache:generation"
NONCE_MARKER = b"\x00pagecache-nonce\x00"
HEADER = "X-Page-Cache"

# view names (namespace:name) whose anonymous answers may be shared
CACHEABLE = frozenset(
    {
        "home",
        "consultants:consultant-list",
        "consultants:consultant-detail",
        "procurement:tender-list",
        "procurement:tender-detail",
        "procurement:tender-feed",
        "municipalities:municipality-list",
        "municipalities:municipality-detail",
    }
)
# models whose rows the public pages show (app labels)
PUBLIC_APPS = frozenset(
    {"municipalities", "consultants", "trainings", "procurement", "consultations"}
)
# ...except rows no public page shows, written often (a new generation drops
# every stored page: following a tender or a bid's receipt must not)
PRIVATE_MODELS = frozenset(
    {
        "procurement.tendersubscription",
        "procurement.tenderfollow",
        "procurement.biddraftfile",
        "procurement.bidreceipt",
        "consultants.profileinvitation",
        "trainings.certificatesequence",
    }
)
# request headers a cached view may vary on: all of them are in the key
KEYED_HEADERS = (
    "HX-Request",
    "HX-Boosted",
    "HX-Target",
    "HX-Trigger-Name",
    "HX-History-Restore-Request",
)
VARY_ALLOWED = frozenset(
    {"accept", "accept-encoding", "accept-language", "cookie", "origin"}
    | {h.lower() for h in KEYED_HEADERS}
)
# response attributes other middleware reads: a response carrying one of
# these is not stored (the replay would lose it), except the ones kept
_UNSUPPORTED_ATTRS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
    "xframe_options_exempt",
)
_KEPT_ATTRS = ("portal_uncompressed",)


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 60) or 0)


# ------------------------------------------------------------------ invalidation
def _new_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def changed() -> None:
    """Public data changed: stored pages are stale now and after the commit."""
    if seconds() <= 0:
        return
    _new_generation()
    connection = transaction.get_connection()
    # and once more when the transaction commits (once per transaction)
    if connection.in_atomic_block and not any(
        item[1] is _new_generation for item in connection.run_on_commit
    ):
        transaction.on_commit(_new_generation)


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    if (
        sender._meta.app_label in PUBLIC_APPS
        and sender._meta.label_lower not in PRIVATE_MODELS
    ):
        changed()


def _on_m2m_change(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        _on_change(sender)


def connect() -> None:
    """Register the receivers (once, from an AppConfig.ready)."""
    post_save.connect(_on_change, dispatch_uid="pagecache-save")
    post_delete.connect(_on_change, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="pagecache-m2m")


# ---------------------------------------------------------------------- lookup
def _bypassed(request) -> bool:
    return bool(
        settings.PORTAL_BENCH and request.META.get("HTTP_X_BENCH_NO_CACHE") is not None
    )


def _anonymous(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated


def _pending_messages(request) -> bool:
    storage = get_messages(request)
    return storage is not None and len(storage) > 0  # len() consumes nothing


def may_serve(request) -> bool:
    """May this request get (and fill) a shared answer at all?"""
    return (
        seconds() > 0
        and request.method == "GET"
        and not request.META.get("CONTENT_LENGTH", "").strip("0 ")
        and not _bypassed(request)
        and _anonymous(request)
        and not _pending_messages(request)
    )


def key(request, *, accept: bool = False) -> str:
    parts = [
        request.method,
        request.scheme,
        request.get_host(),
        request.path,
        repr(sorted((k, sorted(v)) for k, v in request.GET.lists())),
        translation.get_language() or "",
        request.COOKIES.get("portal_css", ""),
        *(request.headers.get(name, "") for name in KEYED_HEADERS),
        request.headers.get("Accept", "") if accept else "",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"pagecache:page:{digest}"


def lookup(request, page_key: str):
    """(stored entry or None, generation to store under or None)."""
    found = cache.get_many([GENERATION_KEY, page_key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # first use, or evicted: start one (another process may have won)
        generation = secrets.token_hex(8)
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            return None, None
        return None, generation
    entry = found.get(page_key)
    if entry is not None and entry["generation"] == generation:
        return entry, generation
    return None, generation


def replay(request, entry) -> HttpResponse:
    body = entry["body"]
    if entry["nonce"]:
        body = body.replace(NONCE_MARKER, str(request.csp_nonce).encode())
    response = HttpResponse(body, status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    for attr in entry["attrs"]:
        setattr(response, attr, True)
    if entry["inlined"]:
        request.portal_stylesheets_inlined = list(entry["inlined"])
    if entry["checked"]:
        request.portal_stylesheet_checked = True
    response[HEADER] = "hit"
    return response


# ----------------------------------------------------------------------- store
def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: it is this visitor's
    if not _anonymous(request) or _pending_messages(request):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if any(hasattr(response, attr) for attr in _UNSUPPORTED_ATTRS):
        return False
    if "no-store" in response.get("Cache-Control", "") or "private" in response.get(
        "Cache-Control", ""
    ):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    return vary - {""} <= VARY_ALLOWED


def shared_until(response, moment):
    """The view's word that its page reads differently from `moment` on with
    no write (a deadline passing): it is not shared past it."""
    if moment is not None:
        response.page_cache_until = moment
    return response


def _lifetime(response) -> int:
    lifetime = seconds()
    until = getattr(response, "page_cache_until", None)
    if until is not None:
        left = (until - timezone.now()).total_seconds()
        lifetime = min(lifetime, int(left))
    return lifetime


def store(request, response, page_key: str, generation: str) -> bool:
    lifetime = _lifetime(response)
    if lifetime < 1 or not _storable(request, response):
        return False
    body = response.content
    if NONCE_MARKER in body:
        return False
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        body = body.replace(nonce.encode(), NONCE_MARKER)
    entry = {
        "generation": generation,
        "status": response.status_code,
        "headers": [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in ("content-length", "set-cookie", HEADER.lower())
        ],
        "attrs": [a for a in _KEPT_ATTRS if getattr(response, a, False)],
        "body": body,
        "nonce": isinstance(nonce, str),
        "inlined": list(getattr(request, "portal_stylesheets_inlined", []) or []),
        "checked": bool(getattr(request, "portal_stylesheet_checked", False)),
    }
    cache.set(page_key, entry, timeout=lifetime)
    return True


# ------------------------------------------------------------------ middleware
class PageCacheMiddleware:
    """The innermost middleware: answers allow-listed views from the cache,
    stores what they render (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        plan = request.__dict__.pop("_page_cache_plan", None)
        if plan is not None and HEADER not in response:
            stored = store(request, response, *plan)
            response[HEADER] = "miss" if stored else "skip"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in CACHEABLE:
            return None
        if not may_serve(request):
            return None
        page_key = key(request)
        entry, generation = lookup(request, page_key)
        if entry is not None:
            return replay(request, entry)
        if generation is not None:
            request._page_cache_plan = (page_key, generation)
        return None


class CachedPublicReadMixin:
    """For DRF viewsets: anonymous `list`/`retrieve` answers from the page
    cache. Runs inside the handler, so authentication, permissions and the
    throttles (which count every request) have run before."""

    def _cached(self, handler, request, *args, **kwargs):
        django_request = request._request  # DRF set its user on it
        if not may_serve(django_request):
            return handler(request, *args, **kwargs)
        page_key = key(django_request, accept=True)
        entry, generation = lookup(django_request, page_key)
        if entry is not None:
            return replay(django_request, entry)
        response = handler(request, *args, **kwargs)
        if generation is not None:

            def _store(rendered):
                stored = store(django_request, rendered, page_key, generation)
                rendered[HEADER] = "miss" if stored else "skip"

            response.add_post_render_callback(_store)
        return response

    def list(self, request, *args, **kwargs):
        return self._cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached(super().retrieve, request, *args, **kwargs)
