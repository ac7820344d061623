"""Bar and line charts as SVG drawn on the server: no script, no CDN, and the
same picture in the page, the printout and the PDF. Colours are attributes,
not style, so the Content-Security-Policy holds. Each chart has a table
beside it with the same numbers."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#1f5f99", "#d9822b", "#5a8f29", "#8e44ad", "#c0392b", "#555555"]
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 64


def _nice_max(value: float) -> float:
    """A round top for the axis, four steps of 1, 2 or 5 × 10^n (at least 1:
    the charts count things)."""
    step = 1
    while step * 4 < value:
        for factor in (2, 2.5, 2):
            step *= factor
            if step * 4 >= value:
                break
    return step * 4


def _frame(title: str, top: float, categories: list[str], slot: float) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for step in range(5):
        value = top * step / 4
        y = TOP + plot_h - plot_h * step / 4
        label = f"{value:g}" if value != int(value) else f"{int(value)}"
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#dddddd"/><text x="{LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" class="axis" font-size="11">{label}</text>'
        )
    for index, category in enumerate(categories):
        x = LEFT + slot * (index + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'class="axis" font-size="11">{escape(category)}</text>'
        )
    return parts


def _legend(series) -> list[str]:
    parts = []
    x = LEFT
    y = HEIGHT - 22
    for index, (label, _values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y}" class="legend" font-size="11">'
            f"{escape(label)}</text>"
        )
        x += 24 + 7 * len(str(label))
    return parts


def bar_chart(title: str, categories: list[str], series) -> str:
    """Grouped bars: `series` is [(label, [value per category])…]."""
    values = [v or 0 for _label, vs in series for v in vs]
    top = _nice_max(max(values, default=0))
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    plot_h = HEIGHT - TOP - BOTTOM
    bar = slot * 0.8 / max(len(series), 1)
    parts = _frame(title, top, categories, slot)
    for s, (label, vs) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        for index, value in enumerate(vs):
            height = plot_h * (value or 0) / top
            x = LEFT + slot * index + slot * 0.1 + bar * s
            y = TOP + plot_h - height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{colour}"><title>'
                f"{escape(label)}, {escape(categories[index])}: {value or 0}"
                "</title></rect>"
            )
    parts += _legend(series)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped


def line_chart(title: str, categories: list[str], series) -> str:
    """One line per series, a dot per value."""
    values = [v or 0 for _label, vs in series for v in vs]
    top = _nice_max(max(values, default=0))
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    plot_h = HEIGHT - TOP - BOTTOM
    parts = _frame(title, top, categories, slot)
    for s, (label, vs) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        points = [
            (LEFT + slot * (i + 0.5), TOP + plot_h - plot_h * (v or 0) / top)
            for i, v in enumerate(vs)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" '
            'stroke-width="2"/>'
        )
        for (x, y), value, category in zip(points, vs, categories, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(label)}, {escape(category)}: {value or 0}</title>"
                "</circle>"
            )
    parts += _legend(series)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped
