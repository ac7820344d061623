"""Signed one-click unsubscribe links: the token names the user and is signed
with the secret key, so a changed user id or a forged token is refused; it
expires after NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS."""

from django.conf import settings
from django.core import signing

SALT = "portal.notifications.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=SALT, compress=False)


class BadToken(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def user_id_from(token: str) -> int:
    """The user id the token was made for; BadToken if it was tampered with or
    has expired."""
    max_age = settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadToken(expired=True) from exc
    except signing.BadSignature as exc:
        raise BadToken(expired=False) from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise BadToken(expired=False)
    return data["u"]
