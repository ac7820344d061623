"""Who is signing in from where, and the brake on password guessing.

``client_address`` is the one place that decides a request's client address.
The throttle counts failed sign-ins per account (normalized email) and per
address in ``LoginThrottle`` rows; a key that reaches its limit within the
window is refused for the cool-off, counted from the moment it locked.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import LoginThrottle

log = logging.getLogger(__name__)


# ------------------------------------------------------------- client address
def _trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for entry in getattr(settings, "TRUSTED_PROXIES", []):
        entry = entry.strip()
        if entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return networks


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(ip, networks) -> bool:
    return ip is not None and any(ip in network for network in networks)


def client_address(request) -> str:
    """The address of the client that sent ``request``.

    X-Forwarded-For is believed only when REMOTE_ADDR is one of
    ``TRUSTED_PROXIES``; then the address is the right-most hop that is not a
    trusted proxy (hops to its left were written by the client and may be
    forged). Without trusted proxies the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _trusted_networks()
    if not networks or not _is_trusted(_parse_ip(remote), networks):
        return remote
    hops = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    nearest = remote
    for hop in reversed(hops):
        ip = _parse_ip(hop)
        if ip is None:
            # garbage passed along by a trusted proxy: stop at the last good hop
            return nearest
        if not _is_trusted(ip, networks):
            return str(ip)
        nearest = str(ip)
    return nearest


# -------------------------------------------------------------------- throttle
def normalize_login(value) -> str:
    """The throttle's key for a typed login: no account's email is longer than
    the key's column, so a longer one is cut there (forms do not all bound the
    typed login: Django's admin sign-in does not)."""
    key_length = LoginThrottle._meta.get_field("key").max_length
    return str(value or "").strip().lower()[:key_length]


def login_from_credentials(credentials: dict) -> str:
    for key in ("email", "username", "login"):
        if credentials.get(key):
            return normalize_login(credentials[key])
    return ""


@dataclass(frozen=True)
class Lock:
    scope: str
    until: datetime


def _limit(scope: str) -> int:
    if scope == LoginThrottle.Scope.ACCOUNT:
        return settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT


def current_lock(*, login: str = "", address: str = "") -> Lock | None:
    """The lock in force for this account or address, if any (reads only)."""
    keys = []
    if login:
        keys.append((LoginThrottle.Scope.ACCOUNT, login))
    if address:
        keys.append((LoginThrottle.Scope.ADDRESS, address))
    now = timezone.now()
    locks = [
        Lock(scope=row.scope, until=row.locked_until)
        for row in LoginThrottle.objects.filter(locked_until__gt=now).filter(
            _keys_q(keys)
        )
    ]
    if not locks:
        return None
    # the account's lock is the one to tell its owner about
    locks.sort(key=lambda lock: lock.scope != LoginThrottle.Scope.ACCOUNT)
    return locks[0]


def _keys_q(keys):
    from django.db.models import Q

    q = Q(pk__in=[])
    for scope, key in keys:
        q |= Q(scope=scope, key=key)
    return q


def _record_failure(scope: str, key: str, now: datetime) -> None:
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(
            scope=scope, key=key, defaults={"window_started_at": now}
        )
        if row.locked_until and row.locked_until > now:
            return  # refused attempts never extend a lock
        if row.locked_until or row.window_started_at <= now - window:
            row.failures = 0
            row.window_started_at = now
            row.locked_until = None
        row.failures += 1
        if row.failures >= _limit(scope):
            row.locked_until = now + timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
            log.warning("sign-in locked: %s %s until %s", scope, key, row.locked_until)
        row.save()


def record_login_failure(*, login: str = "", address: str = "") -> None:
    now = timezone.now()
    if login:
        _record_failure(LoginThrottle.Scope.ACCOUNT, login, now)
    if address:
        _record_failure(LoginThrottle.Scope.ADDRESS, address, now)


def reset_account(login: str) -> None:
    """Forget an account's failures (after a successful sign-in). The address
    counter stays: one good sign-in must not wash a guessing address clean."""
    LoginThrottle.objects.filter(
        scope=LoginThrottle.Scope.ACCOUNT, key=normalize_login(login)
    ).delete()


def delete_stale_throttles() -> int:
    """Housekeeping: rows whose window and lock are both over mean nothing."""
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    deleted, _ = (
        LoginThrottle.objects.filter(window_started_at__lte=now - window)
        .exclude(locked_until__gt=now)
        .delete()
    )
    return deleted


# ------------------------------------------------------------- known browsers
KNOWN_BROWSER_COOKIE = "portal_known_browser"
KNOWN_BROWSER_SALT = "portal.accounts.security.known-browser"
KNOWN_BROWSER_DAYS = 365


def _browser_mark(login: str) -> str:
    """What the cookie holds for an account: a keyed digest of its login, so
    a shared computer's cookie does not tell who signed in on it."""
    return salted_hmac(KNOWN_BROWSER_SALT, login).hexdigest()[:32]


def is_known_browser(request, login: str) -> bool:
    """The request comes from a browser in which this account signed in."""
    if request is None or not login or not hasattr(request, "get_signed_cookie"):
        return False
    value = request.get_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        default=None,
        salt=KNOWN_BROWSER_SALT,
        max_age=timedelta(days=KNOWN_BROWSER_DAYS),
    )
    return value is not None and constant_time_compare(value, _browser_mark(login))


def remember_browser(request, response) -> None:
    """Called on the way out (KnownBrowserMiddleware): after a sign-in, the
    browser is known for that account."""
    login = getattr(request, "signed_in_login", None)
    if login:
        response.set_signed_cookie(
            KNOWN_BROWSER_COOKIE,
            _browser_mark(login),
            salt=KNOWN_BROWSER_SALT,
            max_age=KNOWN_BROWSER_DAYS * 24 * 3600,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def lock_for(request, credentials: dict) -> Lock | None:
    """The lock that refuses this sign-in attempt, if any: the account's, or
    the address's unless the browser is known for the account."""
    login = login_from_credentials(credentials)
    address = ""
    if request is not None and not is_known_browser(request, login):
        address = client_address(request)
    return current_lock(login=login, address=address)


class KnownBrowserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        remember_browser(request, response)
        return response


# ------------------------------------------------------------------- receivers
def on_login_failed(sender, credentials, request=None, **kwargs):
    record_login_failure(
        login=login_from_credentials(credentials),
        address=client_address(request) if request is not None else "",
    )


def on_logged_in(sender, request, user, **kwargs):
    reset_account(user.email)
    if request is not None:
        request.signed_in_login = normalize_login(user.email)


def on_daily_tick(sender, **kwargs):
    delete_stale_throttles()
