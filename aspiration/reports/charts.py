"""Charts as PNG images, drawn with matplotlib's Agg backend (no display, no Django).

Matplotlib (3.11, built with libraqm) shapes Arabic and lays it out right-to-left itself, so
labels are passed as written. CJK and Arabic glyphs come from Noto fonts where installed,
through matplotlib's per-glyph font fallback.
"""

from __future__ import annotations

import io
from functools import cache, lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from aspiration.reports.document import Chart  # noqa: E402

# Preferred first; the others fill in glyphs the first lacks.
FONT_PREFERENCE = ("DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans Arabic", "Noto Naskh Arabic")
PALETTE = ("#1f5f8b", "#e39b2d", "#5a9e6f", "#b5443b", "#7d6aa8", "#8c8c8c")
# Colour is never the only carrier of meaning: each series also has its own pattern (printed in grey, read by
# people who do not tell the colours apart), and the bars carry their numbers.
HATCHES = ("", "///", "...", "xx", "\\\\", "oo")
DIRECT_LABELS_UP_TO = 30  # bars; beyond, the numbers would overlap
MAX_LABEL = 40
MAX_HEIGHT_IN = 8.5


@cache
def chart_fonts() -> tuple[str, ...]:
    """The installed families from ``FONT_PREFERENCE``, in that order."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return tuple(name for name in FONT_PREFERENCE if name in installed) or ("DejaVu Sans",)


def display_text(text: str, limit: int = MAX_LABEL) -> str:
    """Shorten a long label so the bars keep most of the width."""
    return text[: limit - 1].rstrip() + "…" if len(text) > limit else text


@lru_cache(maxsize=64)  # charts are immutable values; the same report asked for twice draws nothing new
def render_png(chart: Chart, width_in: float = 6.5, dpi: int = 150) -> bytes:
    """Draw a bar chart (grouped or stacked, vertical or horizontal) and return PNG bytes."""
    categories = [display_text(category) for category in chart.categories]
    # Horizontal bars grow with the categories, up to what fits on a portrait page.
    height_in = min(MAX_HEIGHT_IN, max(2.5, 0.32 * len(categories) + 1.5)) if chart.horizontal else 3.6
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    with matplotlib.rc_context({"font.family": list(chart_fonts()), "font.size": 8}):
        axes = figure.add_subplot()
        _draw_bars(axes, chart, categories)
        axes.set_title(display_text(chart.title, 90), fontsize=10)
        if chart.value_label:
            (axes.set_xlabel if chart.horizontal else axes.set_ylabel)(display_text(chart.value_label))
        if _counts(chart):  # a count axis steps by whole numbers, never 0.2
            (axes.xaxis if chart.horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
        if len(chart.series) > 1:
            # Every series with its colour and pattern, under the bars so it hides none of them.
            axes.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.3 if chart.horizontal else -0.18),
                        ncol=min(len(chart.series), 4))
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _counts(chart: Chart) -> bool:
    return all(float(value).is_integer() for _label, values in chart.series for value in values)


def _draw_bars(axes, chart: Chart, categories: list[str]) -> None:
    positions = list(range(len(categories)))
    count = max(len(chart.series), 1)
    width = 0.8 if chart.stacked else 0.8 / count
    base = [0.0] * len(categories)
    for index, (label, values) in enumerate(chart.series):
        style = {"color": PALETTE[index % len(PALETTE)], "hatch": HATCHES[index % len(HATCHES)],
                 "edgecolor": "#1a1a1a", "linewidth": 0.5, "label": display_text(label)}
        if chart.stacked:
            at, offset = positions, base
        else:
            at, offset = [p - 0.4 + width * (index + 0.5) for p in positions], None
        if chart.horizontal:
            bars = axes.barh(at, values, height=width, left=offset, **style)
        else:
            bars = axes.bar(at, values, width=width, bottom=offset, **style)
        if len(categories) * count <= DIRECT_LABELS_UP_TO:
            numbers = [_number(value) for value in values]
            axes.bar_label(bars, labels=numbers, label_type="center" if chart.stacked else "edge", fontsize=6, padding=1,
                           bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        if chart.stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
    if chart.horizontal:
        axes.set_yticks(positions, categories)
        axes.invert_yaxis()  # first category on top, as read
    else:
        axes.set_xticks(positions, categories, rotation=30 if max(map(len, categories), default=0) > 6 else 0, ha="right")


def _number(value: float) -> str:
    """A bar's own number; nothing on an empty bar (a "0" on every missing segment is noise)."""
    if not value:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
