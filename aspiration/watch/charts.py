"""The daily signal as an SVG line chart drawn on the server: the day's flagged share against its baseline.

Pure (no Django, no JavaScript, no CDN). The two lines differ by more than colour: the share is a solid
line with round markers, the baseline a dashed line without markers, and alert days carry a triangle;
the legend says so in words. The SVG has a <title> and <desc>, and pages pair it with a table.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 30


@dataclass(frozen=True)
class DayPoint:
    day: date
    rate: float
    baseline: float | None
    alert: bool = False


@dataclass(frozen=True)
class ChartWords:
    """Everything the chart writes, already in the reader's language."""

    title: str
    desc: str
    share: str
    baseline: str
    alert: str


def _nice_top(value: float) -> float:
    """The y axis ends at the first of 1, 2, 5 x 10^k at or above the largest value (at least 1%, at most 100%)."""
    value = max(value, 0.01)
    step = 10 ** math.floor(math.log10(value))
    return min(1.0, next(step * f for f in (1, 2, 5, 10) if value <= step * f + 1e-12))


def _text_width(label: str) -> int:
    """Rough width in the chart's units: CJK characters are about twice as wide as Latin or Arabic ones."""
    return sum(12 if unicodedata.east_asian_width(char) in "WF" else 7 for char in label)


def series_chart_svg(points: Sequence[DayPoint], words: ChartWords, chart_id: str) -> str:
    """One chart; ``chart_id`` must be unique on the page (it names the title and desc for screen readers)."""
    if not points:
        return ""
    points = sorted(points, key=lambda p: p.day)
    first, last = points[0].day, points[-1].day
    span = max(1, (last - first).days)
    top = _nice_top(max(max(p.rate for p in points), max((p.baseline or 0.0) for p in points)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * ((day - first).days / span if len(points) > 1 else 0.5)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    share_path = " ".join(f"{x(p.day):.1f},{y(p.rate):.1f}" for p in points)
    baseline_runs: list[list[str]] = [[]]
    for p in points:  # a day without a baseline breaks the dashed line
        if p.baseline is None:
            baseline_runs.append([])
        else:
            baseline_runs[-1].append(f"{x(p.day):.1f},{y(p.baseline):.1f}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="watch-chart" viewBox="0 0 {WIDTH} {HEIGHT}" direction="ltr" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(words.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(words.desc)}</desc>',
    ]
    for fraction in (0, 0.5, 1):
        level = top * fraction
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(level):.1f}" y2="{y(level):.1f}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 6}" y="{y(level) + 4:.1f}" text-anchor="end">{level * 100:g}%</text>')
    ends = ((first, "start"), (last, "end")) if len(points) > 1 else ((first, "middle"),)
    for day, anchor in ends:  # the first and last days, inside the chart (an end label is not clipped)
        parts.append(f'<text class="axis" x="{x(day):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">{day.isoformat()}</text>')
    for run in baseline_runs:
        if len(run) > 1:
            parts.append(f'<polyline class="baseline" fill="none" stroke-dasharray="6 4" points="{" ".join(run)}"/>')
    parts.append(f'<polyline class="share" fill="none" points="{share_path}"/>')
    for p in points:
        parts.append(f'<circle class="share-point" cx="{x(p.day):.1f}" cy="{y(p.rate):.1f}" r="2.5"/>')
        if p.alert:
            cx, cy = x(p.day), y(p.rate) - 8
            parts.append(f'<path class="alert-mark" d="M{cx - 6:.1f},{cy - 8:.1f} L{cx + 6:.1f},{cy - 8:.1f} '
                         f'L{cx:.1f},{cy + 2:.1f} Z"/>')
    legend = ((f'<line class="share" x1="{LEFT}" x2="{LEFT + 24}" y1="12" y2="12"/>', words.share),
              (f'<line class="baseline" stroke-dasharray="6 4" x1="{LEFT}" x2="{LEFT + 24}" y1="12" y2="12"/>',
               words.baseline),
              (f'<path class="alert-mark" d="M{LEFT + 6},6 L{LEFT + 18},6 L{LEFT + 12},16 Z"/>', words.alert))
    offset = 0
    for mark, label in legend:
        parts.append(f'<g transform="translate({offset} 0)">{mark}'
                     f'<text class="legend" x="{LEFT + 30}" y="16">{escape(label)}</text></g>')
        offset += 40 + _text_width(label)
    parts.append("</svg>")
    return "".join(parts)
