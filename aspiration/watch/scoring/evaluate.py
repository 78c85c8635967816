"""Evaluation helpers: flags as ``watch score`` decides them, metrics, the functional-check report."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import CATEGORIES
from .data import Example
from .model import WatchModel


def binary_metrics(y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    def f1(positive: int) -> float:
        tp = float(((predicted == positive) & (y == positive)).sum())
        return 2 * tp / max(float((predicted == positive).sum() + (y == positive).sum()), 1.0)

    tp = float((predicted & (y == 1)).sum())
    return {
        "n": int(len(y)), "positives": int((y == 1).sum()),
        "precision": tp / max(float(predicted.sum()), 1.0), "recall": tp / max(float((y == 1).sum()), 1.0),
        "f1": f1(1), "macro_f1": (f1(1) + f1(0)) / 2,
    }


def flags(model: WatchModel, examples: Sequence[Example], embedder, screen: bool = True) -> np.ndarray:
    """(n, k) bool: flagged per category, exactly as ``watch score`` decides."""
    probs, _vectors, _screened = model.predict([e.text for e in examples], [e.language for e in examples],
                                               embedder.embed, screen=screen)
    limits = model.thresholds()
    return np.column_stack([probs[:, j] >= limits[c] for j, c in enumerate(CATEGORIES)])


def is_abusive(example: Example) -> bool:
    return any(example.label(c) == 1 for c in CATEGORIES)


def functional_report(model: WatchModel, cases: Sequence[Example], embedder, screen: bool = True) -> dict:
    """Per language: F1 of "abusive" (any category flagged vs any category labelled), the share of
    benign cases (counter-speech, negation, reporting, neutral/positive mentions, profanity) left
    unflagged, pass rate per function, and per-category metrics. ``cases`` are test templates only;
    ``screen=False`` embeds every case (what the speed screen costs)."""
    flagged = flags(model, cases, embedder, screen=screen)
    languages = sorted({e.language for e in cases})
    report: dict = {}
    for language in languages:
        rows = np.array([e.language == language for e in cases])
        gold = np.array([is_abusive(e) for e in cases])
        any_flag = flagged.any(axis=1)
        functions = {}
        for function in sorted({e.source[len("check-"):] for e in cases}):
            mask = rows & np.array([e.source == f"check-{function}" for e in cases])
            if mask.any():
                functions[function] = float((any_flag[mask] == gold[mask]).mean())
        per_category = {}
        for j, category in enumerate(CATEGORIES):
            labels = np.array([e.label(category) if e.label(category) is not None else -1 for e in cases])
            mask = rows & (labels >= 0)
            if len(set(labels[mask])) == 2:
                per_category[category] = binary_metrics(labels[mask], flagged[mask, j])
        report[language] = {
            "abusive": binary_metrics(gold[rows].astype(int), any_flag[rows]),
            "benign_unflagged": float((~any_flag[rows & ~gold]).mean()),
            "functions": functions,
            "categories": per_category,
        }
    return report
