from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from portal.outbox.models import Event

from .security import client_address


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails through the outbox, so that a slow or absent mail
    server never holds up a request, and a failed delivery is retried."""

    def save_user(self, request, user, form, commit=True):
        # emails to this person are written in the language they signed up in
        language = translation.get_language() or "ky"
        user.preferred_language = language if language in ("ky", "ru", "en") else "ky"
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request):
        # allauth's rate limits count the real client behind a trusted proxy,
        # not the proxy that every client shares
        return client_address(request)

    def send_mail(self, template_prefix, email, context):
        context = dict(context)
        context.setdefault("current_site", None)
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
                "language": translation.get_language(),
            },
        )
