"""The map of Kyrgyzstan's regions, shaded by a figure, as SVG drawn on the
server. Boundaries come from the GeoJSON file in settings.REGIONS_GEOJSON
(features keyed by properties.code); without one, the same figures show as
a tile map of the nine regions."""

import json
import logging
import math
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

WIDTH = 640
SHADES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#e4e4e4"
# (column, row) of each region on the tile map, roughly as on the ground
TILES = {
    "KG-T": (0, 0),
    "KG-C": (1, 0),
    "KG-GB": (2, 0),
    "KG-Y": (3, 0),
    "KG-J": (0, 1),
    "KG-N": (2, 1),
    "KG-B": (0, 2),
    "KG-O": (1, 2),
    "KG-GO": (2, 2),
}


class MapUnavailable(Exception):
    pass


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    else:
        raise MapUnavailable(f"unsupported geometry {geometry['type']}")


@lru_cache(maxsize=4)
def _outlines(path: str, modified: float) -> tuple[int, dict]:
    """(height, {code: SVG path data}) for a GeoJSON file; projected once per
    file version: equirectangular at the country's mid latitude, on whole
    pixels, points within 2 px of the previous one dropped, drawn with
    relative moves (about 16 KB for the nine regions instead of 55 KB: the
    page must stay light on a phone on slow 3G)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = [
            (f["properties"]["code"], list(_rings(f["geometry"])))
            for f in data["features"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise MapUnavailable(str(exc)) from exc
    points = [p for _code, rings in features for ring in rings for p in ring]
    if not points:
        raise MapUnavailable("no coordinates")
    west = min(p[0] for p in points)
    east = max(p[0] for p in points)
    south = min(p[1] for p in points)
    north = max(p[1] for p in points)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 8) / ((east - west) * squeeze)
    height = round((north - south) * scale) + 8
    outlines = {}
    for code, rings in features:
        parts = []
        for ring in rings:
            previous = None
            pixels = []
            for lon, lat, *_rest in ring:
                pixel = (
                    round(4 + (lon - west) * squeeze * scale),
                    round(4 + (north - lat) * scale),
                )
                if previous is None or (
                    abs(pixel[0] - previous[0]) + abs(pixel[1] - previous[1]) >= 2
                ):
                    pixels.append(pixel)
                    previous = pixel
            if len(pixels) >= 3:
                steps = " ".join(
                    f"{x - px},{y - py}"
                    for (px, py), (x, y) in zip(pixels, pixels[1:], strict=False)
                )
                parts.append(f"M{pixels[0][0]},{pixels[0][1]}l{steps}z")
        outlines[code] = outlines.get(code, "") + "".join(parts)
    return height, outlines


def outlines():
    """The configured boundaries, or None for the tile map."""
    path = settings.REGIONS_GEOJSON
    if not path:
        return None
    try:
        return _outlines(path, Path(path).stat().st_mtime)
    except (OSError, MapUnavailable) as exc:
        logger.warning("REGIONS_GEOJSON %s cannot be drawn: %s", path, exc)
        return None


def shade(value, low, high) -> str:
    if value is None:
        return NO_DATA
    if high <= low:
        return SHADES[-1] if value else SHADES[0]
    step = min(int((value - low) / (high - low) * len(SHADES)), len(SHADES) - 1)
    return SHADES[step]


def _entries(rows, figure: str, current: str):
    values = [row[figure] for row in rows if row[figure] is not None]
    low, high = (min(values), max(values)) if values else (0, 0)
    return {
        row["code"]: {
            "name": row["region"],
            "value": row[figure],
            "fill": shade(row[figure], low, high),
            "url": row["url"],
            "current": row["code"] == current,
        }
        for row in rows
    }, (low, high)


def _label(entry) -> str:
    value = entry["value"]
    shown = "—" if value is None else f"{value:g}"
    return f"{escape(entry['name'])}: {shown}"


def region_map(rows, *, figure: str, title: str, current: str = "") -> dict:
    """{"svg": …, "geographic": bool, "attribution": str}. `rows` are the
    regions the reader may see (the regions table); the others are drawn
    grey, without a link and without a number."""
    entries, (low, high) = _entries(rows, figure, current)
    drawn = outlines()
    parts = []
    if drawn:
        height, shapes = drawn
        # the current region last, so that its outline is drawn on top
        for code in sorted(shapes, key=lambda c: c == current):
            parts.append(_shape(code, entries.get(code), shapes[code]))
    else:
        height = 3 * 96 + 8
        for code, (column, row) in TILES.items():
            parts.append(_tile(code, entries.get(code), column, row))
    # a group, not an image: an image's children (the regions' links) would
    # be hidden from screen readers and keyboard users
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="region-map" role="group" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )
    return {
        "svg": mark_safe(svg),  # noqa: S308 - every text is escaped
        "geographic": bool(drawn),
        "attribution": settings.REGIONS_GEOJSON_ATTRIBUTION if drawn else "",
        "legend": [
            {"fill": colour, "low": low + (high - low) * i / len(SHADES)}
            for i, colour in enumerate(SHADES)
        ],
        "low": low,
        "high": high,
    }


def _shape(code, entry, path: str) -> str:
    if entry is None:
        return (
            f'<path d="{path}" fill="{NO_DATA}" stroke="#ffffff" '
            f'stroke-width="0.8" data-region="{code}"/>'
        )
    stroke = (
        'stroke="#111111" stroke-width="2.5"'
        if entry["current"]
        else 'stroke="#ffffff" stroke-width="0.8"'
    )
    return (
        f'<a href="{escape(entry["url"])}" data-region="{code}">'
        f'<path d="{path}" fill="{entry["fill"]}" {stroke}>'
        f"<title>{_label(entry)}</title></path></a>"
    )


def _tile(code, entry, column, row) -> str:
    x, y, w, h = 4 + column * 158, 4 + row * 96, 150, 88
    rect = f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6"'
    if entry is None:
        return (
            f'<g data-region="{code}">{rect} fill="{NO_DATA}"/>'
            f'<text x="{x + 8}" y="{y + 22}" class="tile" font-size="13">'
            f"{code}</text></g>"
        )
    dark = entry["fill"] in SHADES[3:]
    text_class = "tile dark" if dark else "tile"
    ink = "#ffffff" if dark else "#111111"
    outline = ' stroke="#111111" stroke-width="2.5"' if entry["current"] else ""
    value = "—" if entry["value"] is None else f"{entry['value']:g}"
    return (
        f'<a href="{escape(entry["url"])}" data-region="{code}">'
        f'{rect} fill="{entry["fill"]}"{outline}><title>{_label(entry)}</title></rect>'
        f'<text x="{x + 8}" y="{y + 22}" class="{text_class}" font-size="13" '
        f'fill="{ink}">'
        f"{escape(entry['name'])}</text>"
        f'<text x="{x + 8}" y="{y + 60}" class="{text_class} value" '
        f'font-size="22" fill="{ink}">{value}</text></a>'
    )
