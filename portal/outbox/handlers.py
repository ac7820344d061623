"""Registry of outbox event handlers. Apps register handlers for their topics in
their AppConfig.ready(); a handler takes the payload dict (or, registered with
``takes_event=True``, the Event itself) and raises to retry.

An event whose topic has no handler is not "delivered to nobody": the
dispatcher records it as an error and retries it, so a missing handler shows in
the admin instead of being lost silently."""

from collections.abc import Callable, Iterable

_handlers: dict[str, list[Callable]] = {}
_private_sources: list[Callable[[], Iterable[str]]] = []


def handles(topic: str, *, takes_event: bool = False):
    def register(func):
        if takes_event:
            func.takes_event = True
        _handlers.setdefault(topic, [])
        if func not in _handlers[topic]:
            _handlers[topic].append(func)
        return func

    return register


def handlers_for(topic: str):
    return list(_handlers.get(topic, []))


def handled_topics() -> set[str]:
    return {topic for topic, handlers in _handlers.items() if handlers}


def keep_private(source: Callable[[], Iterable[str]]) -> None:
    """A higher app (notifications) names, through `source` (read at each
    use), the topics whose events only their recipients may learn of; the
    outbox's admin leaves their events out."""
    if source not in _private_sources:
        _private_sources.append(source)


def private_topics() -> set[str]:
    return {topic for source in _private_sources for topic in source()}


class NoHandler(Exception):
    """An event was dispatched whose topic nobody handles."""
