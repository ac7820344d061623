"""Registry of outbox event handlers. Apps register handlers for their topics in
their AppConfig.ready(); a handler takes the payload dict and raises to retry."""

from collections.abc import Callable

_handlers: dict[str, list[Callable[[dict], None]]] = {}


def handles(topic: str):
    def register(func):
        _handlers.setdefault(topic, [])
        if func not in _handlers[topic]:
            _handlers[topic].append(func)
        return func

    return register


def handlers_for(topic: str):
    return list(_handlers.get(topic, []))
