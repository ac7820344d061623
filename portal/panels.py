"""Panels that higher apps contribute to a lower app's page (a consultant's
profile, the dashboard), so that the lower app never imports a higher app nor
loads its template tags (STYLE.md habit 17).

A lower app owns a ``PanelRegistry`` and renders it; a higher app registers
its panel in its ``AppConfig.ready()``::

    register_profile_panel("trainings/includes/training_history.html",
                           training_history_context, order=10)

``context_fn(request, obj)`` returns the panel template's context, or None
when the panel has nothing for this reader (it is then left out).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

ContextFn = Callable[..., dict | None]


@dataclass(frozen=True)
class Panel:
    template_name: str
    context_fn: ContextFn
    order: int


class PanelRegistry:
    def __init__(self, name: str):
        self.name = name
        self._panels: dict[str, Panel] = {}

    def register(self, template_name: str, context_fn: ContextFn, order: int = 100):
        """Add a panel (or replace the one with the same template, so that
        running ready() twice never shows a panel twice)."""
        self._panels[template_name] = Panel(template_name, context_fn, order)

    def unregister(self, template_name: str) -> None:
        self._panels.pop(template_name, None)

    @property
    def panels(self) -> list[Panel]:
        return sorted(self._panels.values(), key=lambda p: (p.order, p.template_name))

    def render(self, request, obj) -> list[SafeString]:
        """Each panel's HTML, in order; panels with nothing to show (no
        context, or nothing but whitespace for this reader) left out."""
        rendered = []
        for panel in self.panels:
            context = panel.context_fn(request, obj)
            if context is None:
                continue
            html = render_to_string(panel.template_name, context, request=request)
            if html.strip():
                rendered.append(mark_safe(html))  # noqa: S308 - a rendered template
        return rendered
