"""System checks of the procurement settings.

Deploy checks, run by `manage.py check --deploy`: a deployment without a usable
key must not pass, while development commands (makemigrations, tests' set-up)
still work without one; sealing itself refuses to run without a key."""

from django.conf import settings
from django.core import checks

from . import crypto


@checks.register(checks.Tags.security, deploy=True)
def bid_encryption_key_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Sealed bids need BID_ENCRYPTION_KEY: an error in production, a warning
    in development (where `make run` provides one); a malformed key is always
    an error, since sealing with it cannot work."""
    problem = crypto.key_problem()
    if problem is None:
        return []
    if crypto.configured_keys():
        return [checks.Error(problem, id="procurement.E002")]
    if settings.DEBUG:
        return [checks.Warning(problem, id="procurement.W001")]
    return [checks.Error(problem, id="procurement.E001")]
