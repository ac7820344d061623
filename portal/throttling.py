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
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from portal.accounts.security import client_address


class _ClientAddress:
    def get_rate(self):
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()

    def get_ident(self, request):
        return client_address(request)


class AnonThrottle(_ClientAddress, AnonRateThrottle):
    """Anonymous requests, per client address (scope "anon")."""


class UserThrottle(_ClientAddress, UserRateThrottle):
    """Signed-in requests, per user (scope "user"); anonymous ones share the
    client address's bucket."""
