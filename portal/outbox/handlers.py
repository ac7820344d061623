"""Registry of outbox event handlers. Apps register handlers for their topics in
their AppConfig.ready(); a handler takes the payload dict (or, registered with
``takes_event=True``, the Event itself) and raises to retry.

An event whose topic has no handler is not "delivered to nobody": the
dispatcher records it as an error and retries it, so a missing handler shows in
the admin instead of being lost silently."""

from collections.abc import Callable

_handlers: dict[str, list[Callable]] = {}


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


class NoHandler(Exception):
    """An event was dispatched whose topic nobody handles."""
