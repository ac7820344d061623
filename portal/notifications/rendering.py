"""Messages in the recipient's language: the title written when the
notification is made, the email (plain text and HTML, with the unsubscribe
headers of RFC 8058) when it is sent."""

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import registry
from .tokens import unsubscribe_token


def site_url() -> str:
    return settings.PORTAL_SITE_URL.rstrip("/")


def render_title(topic: registry.Topic, context: dict, audience: str) -> str:
    """The subject line and the centre's title, in the active language."""
    text = render_to_string(
        f"{topic.template}_subject.txt", {**context, "audience": audience}
    )
    return " ".join(text.split())[:300]


def unsubscribe_url(user_id: int) -> str:
    """The one-click link, in the active language."""
    return site_url() + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id)]
    )


def settings_url() -> str:
    name = registry.settings_page()
    return site_url() + reverse(name) if name else ""


class BodyCache:
    """A topic's body text depends on the event, the language and the
    audience, not on the person (unless the topic has a recipient context):
    rendered once per combination within a batch."""

    def __init__(self):
        self._bodies = {}

    def body(self, topic, context, notification, extra):
        key = (notification.event_id, notification.language, notification.audience)
        if extra or key not in self._bodies:
            text = render_to_string(
                f"{topic.template}.txt",
                {
                    **context,
                    **extra,
                    "audience": notification.audience,
                    "site_url": site_url(),
                },
            ).strip()
            if extra:
                return text
            self._bodies[key] = text
        return self._bodies[key]


def build_email(
    *, notification, topic, context: dict, bodies: BodyCache, connection=None
) -> EmailMultiAlternatives:
    """The email of one notification, rendered in its language."""
    recipient = notification.recipient
    with translation.override(notification.language):
        extra = (
            topic.recipient_context(context, recipient)
            if topic.recipient_context
            else {}
        )
        body = bodies.body(topic, context, notification, extra)
        unsubscribe = unsubscribe_url(recipient.pk)
        portal_name = _("Network of independent municipal consultants")
        wrapper = {
            "recipient": recipient,
            "title": notification.title,
            "body": body,
            "reason": notification.reason,
            "url": site_url() + notification.path if notification.path else "",
            "transactional": notification.transactional,
            "unsubscribe_url": unsubscribe,
            "settings_url": settings_url(),
            "portal_name": portal_name,
            "site_url": site_url(),
            "language": notification.language,
        }
        text = render_to_string("notifications/email/message.txt", wrapper)
        html = render_to_string("notifications/email/message.html", wrapper)
        sender = formataddr((str(_("BAZhBA")), settings.DEFAULT_FROM_EMAIL))
    message = EmailMultiAlternatives(
        subject=notification.title,
        body=text,
        from_email=sender,
        to=[recipient.email],
        connection=connection,
        headers={
            "Message-ID": notification.message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": notification.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message
