"""allauth's emails that carry a secret (a password-reset key, an email
confirmation key), sent through the outbox without the secret ever being
written to the database.

The outbox row holds only references (whose email, which template, which
language); the link is made again when the email is delivered. Both allauth
keys are recomputed from server-side state: the reset token from the user's
password hash, last login and email (valid for PASSWORD_RESET_TIMEOUT from the
moment it is made, dead once the password changes), the confirmation key by
signing the email address's id.
"""

import logging
from urllib.parse import urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.core.context import request_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation

from portal.outbox.handlers import handles
from portal.outbox.models import Event
from portal.site import current_site

log = logging.getLogger(__name__)

TOPIC = "account.email"
PASSWORD_RESET = "account/email/password_reset_key"
EMAIL_CONFIRMATION = "account/email/email_confirmation"
EMAIL_CONFIRMATION_SIGNUP = "account/email/email_confirmation_signup"

# Context keys through which allauth hands an email its secrets (reset key and
# URL, confirmation key and URL, login and reset codes). An email whose context
# holds one of them is never rendered into the outbox.
SECRET_CONTEXT_KEYS = frozenset(
    {"key", "code", "token", "uid", "activate_url", "password_reset_url"}
)
# ...except where the key is known to hold no secret: "someone tried to sign up
# with your address" links to the public "forgot your password?" page.
PUBLIC_CONTEXT_KEYS = {"account/email/account_already_exists": {"password_reset_url"}}


class SecretInOutbox(Exception):
    """An email with a secret in its context was about to be stored in clear."""


def refuse_secrets(template_prefix: str, context: dict) -> None:
    secrets = SECRET_CONTEXT_KEYS & set(context) - PUBLIC_CONTEXT_KEYS.get(
        template_prefix, set()
    )
    if secrets:
        raise SecretInOutbox(
            f"{template_prefix}: refusing to store {sorted(secrets)} in the outbox"
        )


def language_for(user) -> str:
    return (
        getattr(user, "preferred_language", "")
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )


def emit_password_reset(*, user, email: str) -> Event:
    return Event.emit(
        TOPIC,
        {
            "template": PASSWORD_RESET,
            "user_id": user.pk,
            "email": email,
            "language": language_for(user),
        },
    )


def emit_email_confirmation(*, email_address: EmailAddress, signup: bool) -> Event:
    if (
        allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED
        or not allauth_settings.EMAIL_CONFIRMATION_HMAC
    ):
        # a code or a stored confirmation key cannot be made again at delivery
        raise SecretInOutbox(
            "email confirmation by code or without HMAC cannot go through the outbox"
        )
    return Event.emit(
        TOPIC,
        {
            "template": EMAIL_CONFIRMATION_SIGNUP if signup else EMAIL_CONFIRMATION,
            "email_address_id": email_address.pk,
            "email": email_address.email,
            "language": language_for(email_address.user),
        },
    )


class _SiteRequest(HttpRequest):
    """Stands in for the request when a link is built at delivery time: the
    scheme and host come from PORTAL_SITE_URL (a setting, not a header)."""

    def __init__(self, site_url: str):
        super().__init__()
        bits = urlsplit(site_url)
        self._site_scheme = bits.scheme or "https"
        self._site_host = bits.netloc
        self.path = self.path_info = "/"
        self.META = {"SERVER_NAME": bits.hostname or "", "SERVER_PORT": bits.port}
        self.user = AnonymousUser()

    def _get_scheme(self):
        return self._site_scheme

    def get_host(self):
        return self._site_host


def _password_reset_context(payload: dict, request, adapter) -> dict | None:
    from allauth.account.forms import default_token_generator

    user = get_user_model().objects.filter(pk=payload["user_id"]).first()
    if user is None or not user.is_active:
        return None
    email = payload["email"].lower()
    owned = {
        e.lower()
        for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    } | {(user.email or "").lower()}
    if email not in owned:
        # the address changed hands since the request: it gets no link
        return None
    # the same generator and URL that allauth's own password-reset flow uses
    temp_key = default_token_generator.make_token(user)
    uid = user_pk_to_url_str(user)
    return {
        "user": user,
        "password_reset_url": adapter.get_reset_password_from_key_url(
            f"{uid}-{temp_key}"
        ),
        "uid": uid,
        "key": temp_key,
        "request": request,
    }


def _email_confirmation_context(payload: dict, request, adapter) -> dict | None:
    address = (
        EmailAddress.objects.select_related("user")
        .filter(pk=payload["email_address_id"], verified=False)
        .first()
    )
    if address is None or address.email.lower() != payload["email"].lower():
        return None  # confirmed meanwhile, removed or changed: nothing to send
    confirmation = EmailConfirmationHMAC(address)
    return {
        "user": address.user,
        "key": confirmation.key,
        "activate_url": adapter.get_email_confirmation_url(request, confirmation),
    }


_CONTEXT_BUILDERS = {
    PASSWORD_RESET: _password_reset_context,
    EMAIL_CONFIRMATION: _email_confirmation_context,
    EMAIL_CONFIRMATION_SIGNUP: _email_confirmation_context,
}


@handles(TOPIC)
def send_account_email(payload: dict) -> None:
    """Make the link again and deliver the email, in the recipient's language."""
    request = _SiteRequest(settings.PORTAL_SITE_URL)
    template = payload["template"]
    language = payload.get("language") or settings.LANGUAGE_CODE
    with request_context(request), translation.override(language):
        adapter = get_adapter(request)
        context = _CONTEXT_BUILDERS[template](payload, request, adapter)
        if context is None:
            log.info("%s to %s no longer applies; not sent", template, payload["email"])
            return
        context["current_site"] = current_site()
        context.setdefault("email", payload["email"])
        message = adapter.render_mail(template, payload["email"], context)
    message.send()
