"""The daily-signal chart: an accessible SVG that does not say things by colour alone."""

import re
from datetime import date, timedelta
from xml.etree import ElementTree

from aspiration.watch.charts import ChartWords, DayPoint, series_chart_svg

WORDS = ChartWords(title="Threats in Kenya", desc="10 days, one alert <b>", share="share flagged",
                   baseline="usual share", alert="alert")
NS = "{http://www.w3.org/2000/svg}"


def points(n: int = 10, alert_on: int = 9) -> list[DayPoint]:
    start = date(2026, 11, 1)
    return [DayPoint(start + timedelta(days=i), 0.5 if i == alert_on else 0.05, None if i < 2 else 0.05, i == alert_on)
            for i in range(n)]


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_the_chart_is_named_for_screen_readers_and_escapes_its_words():
    root = parse(series_chart_svg(points(), WORDS, "c1"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{NS}title").text == "Threats in Kenya"
    assert root.find(f"{NS}desc").text == "10 days, one alert <b>"


def test_share_and_baseline_differ_by_line_style_and_alert_days_by_a_mark():
    root = parse(series_chart_svg(points(), WORDS, "c1"))
    lines = {line.get("class"): line for line in root.iter(f"{NS}polyline")}
    assert lines["baseline"].get("stroke-dasharray") and not lines["share"].get("stroke-dasharray")
    assert len(root.findall(f"{NS}circle")) == 10
    marks = [p for p in root.iter(f"{NS}path") if p.get("class") == "alert-mark"]
    assert len(marks) == 2  # the alert day and the legend
    legend = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "legend"]
    assert legend == ["share flagged", "usual share", "alert"]


def test_the_baseline_starts_where_there_is_one_and_the_alert_day_is_highest():
    root = parse(series_chart_svg(points(), WORDS, "c1"))
    baseline = next(line for line in root.iter(f"{NS}polyline") if line.get("class") == "baseline")
    assert len(baseline.get("points").split()) == 8  # days 0 and 1 have no baseline
    ys = [float(c.get("cy")) for c in root.iter(f"{NS}circle")]
    assert min(ys) == ys[9]  # SVG y grows downwards


def test_the_axis_reaches_just_above_the_largest_share():
    svg = series_chart_svg(points(), WORDS, "c1")
    assert re.findall(r">(\d+(?:\.\d+)?)%<", svg) == ["0", "25", "50"]
    small = [DayPoint(date(2026, 1, 1) + timedelta(days=i), 0.003, 0.002) for i in range(3)]
    assert ">1%<" in series_chart_svg(small, WORDS, "c2")


def test_no_points_no_chart_and_one_point_is_drawn():
    assert series_chart_svg([], WORDS, "c1") == ""
    root = parse(series_chart_svg([DayPoint(date(2026, 1, 1), 0.1, None)], WORDS, "c1"))
    assert len(root.findall(f"{NS}circle")) == 1
