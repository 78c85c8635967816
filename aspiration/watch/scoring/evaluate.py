"""Held-out evaluation: macro-F1, precision/recall per source and category."""

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


def evaluate(model: WatchModel, examples: Sequence[Example], embedder,
             screen: bool = True) -> dict[tuple[str, str], dict[str, float]]:
    """{(source, category): metrics} over the examples' known labels, at the model's thresholds.

    Goes through ``WatchModel.predict`` exactly as ``watch score`` does (speed screen included)."""
    probs, _vectors, _screened = model.predict([e.text for e in examples], [e.language for e in examples],
                                               embedder.embed, screen=screen)
    limits = model.thresholds()
    results = {}
    sources = sorted({e.source for e in examples})
    for source in sources:
        rows = np.array([e.source == source for e in examples])
        for j, category in enumerate(CATEGORIES):
            labels = np.array([e.label(category) if e.label(category) is not None else -1 for e in examples])
            mask = rows & (labels >= 0)
            if mask.sum() == 0 or len(set(labels[mask])) < 2:
                continue
            results[(source, category)] = binary_metrics(labels[mask], probs[mask, j] >= limits[category])
    return results
