from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from portal.outbox.signals import daily_tick

        from . import emails, security, services  # noqa: F401 (handlers register)

        user_login_failed.connect(security.on_login_failed, dispatch_uid="throttle")
        user_logged_in.connect(security.on_logged_in, dispatch_uid="throttle")
        daily_tick.connect(security.on_daily_tick, dispatch_uid="login-throttles")
