"""Panels other apps add to a municipality's page (its tenders, the network
members who serve it), so that this app never imports the apps above it.

An app registers a function in its AppConfig.ready():
    panels.register(func)  # func(request, municipality) -> str (HTML) or ""
"""

from collections.abc import Callable

_panels: list[Callable] = []


def register(func: Callable) -> Callable:
    if func not in _panels:
        _panels.append(func)
    return func


def render_panels(request, municipality) -> list[str]:
    return [html for func in _panels if (html := func(request, municipality))]
