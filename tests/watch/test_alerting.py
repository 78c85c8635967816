from datetime import date, timedelta

import numpy as np

from aspiration.watch.alerting import AlertRule, evaluate_series

START = date(2026, 1, 1)


def days(n: int) -> list[date]:
    return [START + timedelta(days=i) for i in range(n)]


def alert_days(counts, totals):
    return [r.day for r in evaluate_series(days(len(counts)), counts, totals) if r.alert]


def test_flat_series_raises_nothing():
    assert alert_days([10] * 90, [200] * 90) == []


def test_noisy_flat_series_raises_nothing():
    rng = np.random.default_rng(7)
    totals = rng.poisson(300, 120).tolist()
    counts = [int(rng.binomial(t, 0.05)) for t in totals]
    assert alert_days(counts, totals) == []


def test_step_rise_alerts_on_the_day_it_starts_and_not_again_within_a_week():
    counts = [10] * 40 + [40] * 5
    assert alert_days(counts, [200] * 45) == [START + timedelta(days=40)]


def test_rise_that_lasts_alerts_again_after_the_suppression_window():
    counts = [10] * 40 + [40] * 10
    assert alert_days(counts, [200] * 50) == [START + timedelta(days=40), START + timedelta(days=48)]


def test_small_counts_never_alert_even_from_a_zero_baseline():
    counts = [0] * 40 + [4]
    totals = [10] * 41
    assert alert_days(counts, totals) == []
    results = evaluate_series(days(41), counts, totals)
    assert results[-1].p_value < AlertRule().alpha  # significant, but below the minimum count


def test_no_alert_without_enough_history():
    counts = [1, 1, 1, 30]
    assert alert_days(counts, [100] * 4) == []
    assert evaluate_series(days(4), counts, [100] * 4)[-1].baseline is None


def test_volume_rise_at_the_same_rate_does_not_alert():
    counts = [10] * 40 + [50] * 5
    totals = [200] * 40 + [1000] * 5
    assert alert_days(counts, totals) == []


def test_baseline_uses_only_the_trailing_window():
    counts = [50] * 30 + [5] * 28 + [5]
    totals = [100] * 59
    result = evaluate_series(days(59), counts, totals)[-1]
    assert abs(result.baseline - (5 * 28 + 0.5) / (100 * 28 + 1)) < 1e-12
