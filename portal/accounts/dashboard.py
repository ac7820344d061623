"""Panels of the signed-in person's start page contributed by higher apps
(which portal.accounts may not import): each registers, in its
AppConfig.ready(), a template and a function of the request that returns the
panel's context, or None when the panel does not apply to this person."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[object], dict | None]
    order: int = 100


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.name] = panel


def panels_for(request) -> list[dict]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request)
        if context is not None:
            shown.append({"name": panel.name, "template": panel.template, **context})
    return shown
