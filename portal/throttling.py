"""DRF throttles that count per client as the rest of the portal sees it.

DRF's own throttles identify a client by REMOTE_ADDR, or by X-Forwarded-For
trimmed by NUM_PROXIES, which a client can forge. These ask
``portal.accounts.security.client_address`` (X-Forwarded-For believed only
from TRUSTED_PROXIES), the address the sign-in brake counts too. The counters
live in the default cache (portal.cache.DegradingRedisCache): with Redis down
nothing is throttled, and nothing fails.

The rates are read from ``api_settings`` at each request rather than once at
import, so a changed REST_FRAMEWORK setting (DRF reloads ``api_settings`` on
``setting_changed``) takes effect.

DRF keeps each client's history as a list of every request's time, read and
written whole on every request: at 600 requests a second (a busy client under
a high rate) that is ~36,000 floats pickled twice a request, which made the
API slower than the pages it answers. These count in two fixed windows
instead (a sliding-window estimate: the previous window weighed by how much
of it still lies within the period, plus the current one), one Redis round
trip a request whatever the rate (a Lua script:
DegradingRedisCache.count_in_windows). An anonymous request is counted once,
by the address (AnonThrottle), not a second time in the "user" scope.
"""

import time

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from portal.accounts.security import client_address


class _ClientAddress:
    def get_rate(self):
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window, into = divmod(now, self.duration)
        self.left = self.duration - into
        allowed = self.cache.count_in_windows(
            f"{self.key}:{int(window)}",
            f"{self.key}:{int(window) - 1}",
            weight=1 - into / self.duration,
            limit=self.num_requests,
            timeout=2 * self.duration,
        )
        return allowed is not False  # Redis down (None): not throttled

    def wait(self):
        # the current window's end: its count, and the previous window's
        # weight, are gone or smaller by then
        return getattr(self, "left", self.duration)

    def timer(self):
        return time.time()


class AnonThrottle(_ClientAddress, AnonRateThrottle):
    """Anonymous requests, per client address (scope "anon")."""


class UserThrottle(_ClientAddress, UserRateThrottle):
    """Signed-in requests, per user (scope "user"); anonymous ones are
    AnonThrottle's (its rate is the lower)."""

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
