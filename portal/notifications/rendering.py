"""Messages in the recipient's language: the title written when the
notification is made, the email (plain text and HTML, with the unsubscribe
headers of RFC 8058) when it is sent."""

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
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


def personal_parts(notification) -> dict:
    """What differs from one recipient to the next (in the active language)."""
    recipient = notification.recipient
    return {
        "name": recipient.get_short_name(),
        "reason": notification.reason,
        "unsubscribe_url": unsubscribe_url(recipient.pk),
        "email": recipient.email,
        "message_id": notification.message_id,
    }


def build_email(
    *,
    notification,
    topic,
    context: dict,
    bodies: BodyCache,
    connection=None,
    personal: dict | None = None,
    html_personal: dict | None = None,
) -> EmailMultiAlternatives:
    """The email of one notification, rendered in its language. `personal`
    (and `html_personal` for the HTML part) replace the recipient's own
    parts, which the grouped rendering (MimeCache) uses to put markers in."""
    recipient = notification.recipient
    with translation.override(notification.language):
        extra = (
            topic.recipient_context(context, recipient)
            if topic.recipient_context
            else {}
        )
        body = bodies.body(topic, context, notification, extra)
        personal = personal or personal_parts(notification)
        html_personal = html_personal or personal
        portal_name = _("Network of independent municipal consultants")
        wrapper = {
            "title": notification.title,
            "body": body,
            "url": site_url() + notification.path if notification.path else "",
            "transactional": notification.transactional,
            "settings_url": settings_url(),
            "portal_name": portal_name,
            "site_url": site_url(),
            "language": notification.language,
        }
        text = render_to_string(
            "notifications/email/message.txt", {**wrapper, **personal}
        )
        html = render_to_string(
            "notifications/email/message.html", {**wrapper, **html_personal}
        )
        sender = formataddr((str(_("BAZhBA")), settings.DEFAULT_FROM_EMAIL))
    message = EmailMultiAlternatives(
        subject=notification.title,
        body=text,
        from_email=sender,
        to=[personal["email"]],
        connection=connection,
        headers={
            "Message-ID": personal["message_id"],
            "List-Unsubscribe": f"<{personal['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": notification.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# Markers for the grouped rendering: the name and the reason are non-ASCII
# (U+2063, invisible separator) so that both parts are always 8bit, as real
# names make them; the header values are plain ASCII.
_MARK = "\u2063"
_TEXT_MARKS = {"name": f"{_MARK}name{_MARK}", "reason": f"{_MARK}why{_MARK}"}
_HTML_MARKS = {"name": f"{_MARK}hname{_MARK}", "reason": f"{_MARK}hwhy{_MARK}"}
_ASCII_MARKS = {
    "unsubscribe_url": "https://unsubscribe.invalid/x7f3a-unsubscribe",
    "email": "x7f3a-recipient@notification.invalid",
    "message_id": "<x7f3a-message-id@notification.invalid>",
}


class MimeCache:
    """One MIME rendering per group of notifications that read the same
    (event, language, audience, transactional, with or without a reason);
    each recipient's message is that message with their own name, reason,
    unsubscribe link, address and Message-ID put in. The result is the same
    bytes build_email would give; rendering a message per recipient is what
    made the fan-out slower than Celery itself."""

    def __init__(self):
        self._groups = {}
        self._unsubscribe = {}

    def _unsubscribe_url(self, language: str, user_id: int) -> str:
        """unsubscribe_url(), with the path reversed once per language."""
        if language not in self._unsubscribe:
            with translation.override(language):
                self._unsubscribe[language] = site_url() + reverse(
                    "notifications:unsubscribe", args=["TOKEN"]
                ).replace("TOKEN", "{}")
        return self._unsubscribe[language].format(unsubscribe_token(user_id))

    def _group(self, key, *, notification, topic, context, bodies) -> tuple:
        """The group's message with markers, and its longest line."""
        if key not in self._groups:
            marks = {**_TEXT_MARKS, **_ASCII_MARKS}
            message = build_email(
                notification=notification,
                topic=topic,
                context=context,
                bodies=bodies,
                personal=marks,
                html_personal={**marks, **_HTML_MARKS},
            )
            raw = message.message().as_bytes(linesep="\r\n")
            self._groups[key] = (raw, max(map(len, raw.split(b"\r\n"))))
        return self._groups[key]

    def raw(self, *, notification, topic, context, bodies) -> bytes | None:
        """The message as bytes for SMTP, or None if it cannot be grouped (a
        topic with a per-recipient context, an address that is not ASCII, a
        line grown past SMTP's limit)."""
        recipient = notification.recipient
        if topic.recipient_context or not recipient.email.isascii():
            return None
        key = (
            notification.event_id,
            notification.language,
            notification.audience,
            notification.transactional,
            bool(notification.reason),
        )
        raw, longest = self._group(
            key, notification=notification, topic=topic, context=context,
            bodies=bodies,
        )  # fmt: skip
        name = recipient.get_short_name()
        values = {
            _TEXT_MARKS["name"]: name,
            _TEXT_MARKS["reason"]: notification.reason,
            _HTML_MARKS["name"]: escape(name),
            _HTML_MARKS["reason"]: escape(notification.reason),
            _ASCII_MARKS["unsubscribe_url"]: self._unsubscribe_url(
                notification.language, recipient.pk
            ),
            _ASCII_MARKS["email"]: recipient.email,
            _ASCII_MARKS["message_id"]: notification.message_id,
        }
        grown = 0
        for mark, value in values.items():
            value = value.encode()
            grown += len(value)
            raw = raw.replace(mark.encode(), value)
        # each value appears at most once a line: only a long one can push a
        # line past SMTP's 998 octets
        if longest + grown > 998 and any(
            len(line) > 998 for line in raw.split(b"\r\n")
        ):
            return None
        return raw
