"""The alert rule, as a pure function over a daily series (no Django).

For one country and category, day d has k flagged items out of n scored items. The baseline rate is
the flagged share over the trailing window (the ``window_days`` days before d, not d itself):

    p0 = (K + 0.5) / (N + 1)      K, N = flagged and total items in the window (Jeffreys-style smoothing,
                                   so a window with no flagged items still gives a small positive rate)

Day d raises an alert when all hold:
  1. the window has at least ``min_history_days`` days with items (otherwise no baseline: no alert);
  2. k >= ``min_count`` (small counts never alert);
  3. k / n > p0 and the one-sided binomial test P(X >= k | n, p0) < ``alpha``;
  4. no alert was raised for the same series in the ``suppress_days`` days before d (one alert per episode).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scipy.stats import binom


@dataclass(frozen=True)
class AlertRule:
    window_days: int = 28
    min_history_days: int = 7
    min_count: int = 5
    alpha: float = 0.001
    suppress_days: int = 7


@dataclass(frozen=True)
class DayResult:
    day: date
    count: int
    total: int
    rate: float
    baseline: float | None
    p_value: float | None
    alert: bool


def evaluate_series(days: Sequence[date], counts: Sequence[int], totals: Sequence[int],
                    rule: AlertRule = AlertRule()) -> list[DayResult]:
    """``days`` consecutive (one entry per calendar day, zeros included), oldest first."""
    results: list[DayResult] = []
    last_alert: date | None = None
    for i, day in enumerate(days):
        k, n = int(counts[i]), int(totals[i])
        start = max(0, i - rule.window_days)
        window_k, window_n = sum(counts[start:i]), sum(totals[start:i])
        history_days = sum(1 for t in totals[start:i] if t > 0)
        rate = k / n if n else 0.0
        baseline = p_value = None
        alert = False
        if history_days >= rule.min_history_days and window_n > 0:
            baseline = (window_k + 0.5) / (window_n + 1)
            p_value = float(binom.sf(k - 1, n, baseline)) if n else 1.0
            recent = last_alert is not None and (day - last_alert).days <= rule.suppress_days
            alert = k >= rule.min_count and rate > baseline and p_value < rule.alpha and not recent
        if alert:
            last_alert = day
        results.append(DayResult(day, k, n, rate, baseline, p_value, alert))
    return results
