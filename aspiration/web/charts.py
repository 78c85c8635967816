"""Small charts drawn on the server: data in, plain structures or SVG text out. No JavaScript, no CDN.

Every chart is paired in the templates with a table of the same numbers, so screen readers and
people who cannot read colour get the data too.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    percent: float  # of the largest value, for the bar's length
    share: float  # of the total, for the text


def bars(items: list[tuple[str, str, int]]) -> list[Bar]:
    """(key, label, value) -> bars scaled to the largest value."""
    largest = max((value for _key, _label, value in items), default=0)
    total = sum(value for _key, _label, value in items)
    return [Bar(key, label, value, _percent(value, largest), _percent(value, total)) for key, label, value in items]


def _percent(value: int, whole: int) -> float:
    return round(100 * value / whole, 1) if whole else 0.0


@dataclass(frozen=True)
class HeatCell:
    value: int
    level: int  # 0 (none) .. 5 (most), a CSS class


def heatmap(rows: list[str], columns: list[str], values: dict[tuple[str, str], int], levels: int = 5) -> list[list[HeatCell]]:
    """A rows x columns grid with each cell's intensity level relative to the largest cell."""
    largest = max(values.values(), default=0)
    grid = []
    for row in rows:
        cells = []
        for column in columns:
            value = values.get((row, column), 0)
            level = 0 if not value or not largest else max(1, -(-value * levels // largest))
            cells.append(HeatCell(value, level))
        grid.append(cells)
    return grid


AXIS_GUTTER = 36  # room for the count axis's numbers, left of the columns


def column_chart_svg(points: list[tuple[str, int]], title: str, width: int = 640, height: int = 180) -> str:
    """Vertical columns (e.g. recommendations per year) with their numbers on top, the axis labels under them
    and a count axis in whole steps. Drawn left to right in every language: a time axis does not mirror."""
    if not points:
        return ""
    largest = max(value for _label, value in points) or 1
    bottom, top = height - 24, 16
    slot = (width - AXIS_GUTTER) / len(points)
    bar = min(48.0, max(2.0, slot * 0.7))
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'direction="ltr" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    # Whole steps (1, 2, 5, 10...): a count axis never reads 0.2; faint lines, numbers in the gutter.
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10**4, 10**5, 10**6) if largest / s <= 5)
    for tick in range(step, largest + 1, step):
        y = bottom - (bottom - top) * tick / largest
        parts.append(f'<line class="grid" x1="{AXIS_GUTTER}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{AXIS_GUTTER - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    label_every = max(1, round(len(points) / 16))
    for index, (label, value) in enumerate(points):
        x = AXIS_GUTTER + index * slot + (slot - bar) / 2
        h = (bottom - top) * value / largest
        parts.append(f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                     f'<title>{escape(label)}: {value}</title></rect>')
        if index % label_every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle">{escape(label)}</text>')
        if len(points) <= 24:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{bottom - h - 3:.1f}" text-anchor="middle">{value}</text>')
    parts.append(f'<line x1="{AXIS_GUTTER}" y1="{bottom}" x2="{width}" y2="{bottom}"/></svg>')
    return "".join(parts)
