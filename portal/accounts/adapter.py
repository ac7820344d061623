from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from portal.outbox.models import Event
from portal.site import current_site

from . import emails, onboarding
from .security import client_address


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails through the outbox, so that a slow or absent mail
    server never holds up a request, and a failed delivery is retried.

    Emails that carry a secret (password reset, email confirmation) are stored
    as references and rendered at delivery (portal.accounts.emails): a read of
    the outbox table must never yield a working link."""

    def save_user(self, request, user, form, commit=True):
        # emails to this person are written in the language they signed up in
        language = translation.get_language() or "ky"
        user.preferred_language = language if language in ("ky", "ru", "en") else "ky"
        return super().save_user(request, user, form, commit=commit)

    def get_signup_redirect_url(self, request):
        # the page that follows depends on who the person said they are
        answer = request.session.pop(onboarding.SESSION_KEY, None)
        if answer in onboarding.NEXT_PAGE:
            return reverse(onboarding.NEXT_PAGE[answer])
        return super().get_signup_redirect_url(request)

    def get_client_ip(self, request):
        # allauth's rate limits count the real client behind a trusted proxy,
        # not the proxy that every client shares
        return client_address(request)

    def send_password_reset_mail(self, user, email, context):
        emails.emit_password_reset(user=user, email=email)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        emails.emit_email_confirmation(
            email_address=emailconfirmation.email_address, signup=signup
        )

    def format_email_subject(self, subject):
        # "[БАЖБА] …", in the language the email is rendered in
        return f"[{current_site().name}] {subject}"

    def send_mail(self, template_prefix, email, context):
        emails.refuse_secrets(template_prefix, context)
        context = dict(context)
        context["current_site"] = current_site()
        language = recipient_language(email)
        with translation.override(language):
            msg = self.render_mail(template_prefix, email, context)
        Event.emit(
            "email.send",
            {
                "to": list(msg.to),
                "subject": msg.subject,
                "body": msg.body,
                "html": next(
                    (
                        c
                        for c, mime in getattr(msg, "alternatives", [])
                        if mime == "text/html"
                    ),
                    None,
                ),
                "language": language,
            },
        )


def recipient_language(email: str) -> str:
    """The language the account at this address chose for its emails; for an
    address without an account (someone tried to sign up with it), the page's."""
    chosen = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return chosen or emails.language_for(None)
