from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int


class LoginLinkTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for sign-in links: their own salt (a password-reset token is not a
    sign-in link), valid for LOGIN_LINK_TIMEOUT seconds, and single-use because
    the hash covers last_login, which signing in changes."""

    key_salt = "portal.accounts.tokens.LoginLinkTokenGenerator"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        timestamp = base36_to_int(token.split("-")[0])
        return (
            self._num_seconds(self._now()) - timestamp
        ) <= settings.LOGIN_LINK_TIMEOUT

    def _make_hash_value(self, user, timestamp):
        # the parent covers pk, password, last_login, timestamp and email
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


login_link_token = LoginLinkTokenGenerator()
