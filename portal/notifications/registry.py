"""Topics that notify people. An app declares, for an outbox topic it emits,
who hears of it and how the message reads; the registry makes the topic's one
outbox handler (the fan-out), so every notifying event has exactly one.

Declared in the owning app's AppConfig.ready():

    register(Topic(
        name="tender.published",
        template="procurement/notifications/tender_published",
        context=lambda payload: {"tender": Tender.objects.get(pk=...)},
        recipients=lambda payload, context: User.objects.filter(...),
        path=lambda context: context["tender"].get_absolute_url(),
    ))

`recipients` returns a QuerySet of users, one row each, optionally annotated
with `audience` (a short code the templates and the reason read, such as
"bidder" or "follower"), `transactional` (a boolean overriding the topic's)
and reason fields that `reason` turns into words ("Naryn · tariffs").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

_topics: dict[str, Topic] = {}
_settings_page: list[str] = []


@dataclass(frozen=True)
class Topic:
    name: str
    # templates: <template>_subject.txt, <template>.txt and <template>.html
    template: str
    # the objects the message speaks of, loaded once per event; None: the
    # event no longer applies (the object is gone) and nobody is told
    context: Callable[[dict], dict | None]
    recipients: Callable[[dict, dict], object]
    # the page concerned (a path, reversed in the active language)
    path: Callable[[dict], str]
    # about the recipient (a receipt, a decision): sent whatever the
    # recipient's alert choices, and unsubscribing does not stop it
    transactional: bool = False
    channels: tuple[str, ...] = ("email", "in_app")
    # an alert that the daily digest also carries: people who chose the digest
    # get it in the portal now and by email in the digest
    digestible: bool = False
    # words for why this person got it, in the active language, from the
    # context and the row's `audience` and `reason_*` fields only (the
    # fan-out works it out once per language and such values); default: none
    reason: Callable[[dict, dict], str] | None = None
    # context of one recipient (the digest's own selection), at sending
    recipient_context: Callable[[dict, object], dict] | None = None
    # the event itself is its recipient's secret (a bid's receipt tells who
    # bid on a sealed tender): the admin lists neither its notifications nor
    # its events, nobody can search them there
    private: bool = False
    extra: dict = field(default_factory=dict)


def register(topic: Topic) -> Topic:
    from portal.outbox.handlers import handles

    from .fanout import fan_out

    _topics[topic.name] = topic
    handles(topic.name, takes_event=True)(fan_out)
    return topic


def get(name: str) -> Topic:
    return _topics[name]


def topics() -> dict[str, Topic]:
    return dict(_topics)


def private_topics() -> list[str]:
    """Topics whose events only their recipients may learn of (Topic.private)."""
    return [name for name, topic in _topics.items() if topic.private]


def set_settings_page(url_name: str) -> None:
    """The page where people choose their alerts (owned by a higher app); the
    notification centre and the unsubscribe page link to it."""
    _settings_page[:] = [url_name]


def settings_page() -> str | None:
    return _settings_page[0] if _settings_page else None
