"""Sign-in by a link sent by email: the way in for a person whose account is
locked by password guessers, who cannot know the link."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import login
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from portal.outbox.handlers import handles
from portal.outbox.models import Event

from .models import User
from .security import normalize_login
from .tokens import login_link_token

LOGIN_LINK_TOPIC = "accounts.login_link"
# links mailed to one account per failure window: enough for a person, too few
# to flood their inbox
LOGIN_LINKS_PER_WINDOW = 3


@transaction.atomic
def login_link_request(*, email: str) -> None:
    """Queue a sign-in link for the active account with this email, if any.

    The caller answers the same whether or not the account exists. The event
    carries only the user's id: the link is made when the email is sent.
    """
    user = User.objects.filter(email=normalize_login(email), is_active=True).first()
    if user is None:
        return
    since = timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    recent = Event.objects.filter(
        topic=LOGIN_LINK_TOPIC, payload__user_id=user.pk, created_at__gte=since
    ).count()
    if recent >= LOGIN_LINKS_PER_WINDOW:
        return
    Event.emit(LOGIN_LINK_TOPIC, {"user_id": user.pk})


def login_link_url(user: User) -> str:
    path = reverse(
        "accounts:login-link",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": login_link_token.make_token(user),
        },
    )
    return settings.PORTAL_SITE_URL.rstrip("/") + path


@handles(LOGIN_LINK_TOPIC)
def login_link_send(payload: dict) -> None:
    """Outbox handler: make the link now and mail it in the user's language."""
    user = User.objects.filter(pk=payload["user_id"], is_active=True).first()
    if user is None:
        return
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "url": login_link_url(user),
            "minutes": settings.LOGIN_LINK_TIMEOUT // 60,
        }
        subject = render_to_string("accounts/email/login_link_subject.txt", context)
        body = render_to_string("accounts/email/login_link_message.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        connection=get_connection(),
    ).send()


def login_link_user(*, uidb64: str, token: str) -> User | None:
    """The active user a sign-in link is for, or None if it is not (or no longer)
    valid."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not login_link_token.check_token(user, token):
        return None
    return user


def login_link_sign_in(*, request, user: User) -> None:
    """Sign in by link, past any password lock. Signing in updates last_login,
    which spends the link, and resets the account's failure counter."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
