"""Precision, recall and F1 per label, micro and macro. Pure numpy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def f1_scores(truth: np.ndarray, predicted: np.ndarray, labels: Sequence[str] | None = None) -> dict:
    """Metrics for boolean matrices (texts x labels).

    Macro averages over the labels that occur in the gold data or the predictions (a label
    nobody used and nothing predicted says nothing about quality).
    """
    truth = np.asarray(truth, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    labels = list(labels) if labels is not None else [str(i) for i in range(truth.shape[1])]
    tp = (truth & predicted).sum(axis=0)
    fp = (~truth & predicted).sum(axis=0)
    fn = (truth & ~predicted).sum(axis=0)
    per_label = {}
    for i, code in enumerate(labels):
        p, r, f = _prf(tp[i], fp[i], fn[i])
        per_label[code] = {"precision": p, "recall": r, "f1": f, "support": int(truth[:, i].sum())}
    micro = dict(zip(("precision", "recall", "f1"), _prf(tp.sum(), fp.sum(), fn.sum()), strict=True))
    micro["support"] = int(truth.sum())
    used = [i for i in range(len(labels)) if truth[:, i].any() or predicted[:, i].any()]
    macro = {key: float(np.mean([per_label[labels[i]][key] for i in used])) if used else 0.0
             for key in ("precision", "recall", "f1")}
    macro["support"] = int(truth.sum())
    return {"labels": per_label, "micro": micro, "macro": macro, "texts": int(len(truth))}


def evaluate_sets(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict:
    """Metrics for lists of code sets (one per text), over the union of codes seen."""
    codes = sorted({c for codes in gold for c in codes} | {c for codes in predicted for c in codes})
    index = {code: i for i, code in enumerate(codes)}
    truth = np.zeros((len(gold), len(codes)), dtype=bool)
    guess = np.zeros_like(truth)
    for row, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        truth[row, [index[c] for c in g]] = True
        guess[row, [index[c] for c in p]] = True
    result = f1_scores(truth, guess, codes)
    result["accuracy"] = float(np.mean([set(g) == set(p) for g, p in zip(gold, predicted, strict=True)])) if gold else 0.0
    return result


def format_table(metrics: dict) -> str:
    """The metrics as an aligned text table, for the terminal."""
    lines = [f"{'label':<45} {'precision':>9} {'recall':>9} {'f1':>9} {'support':>8}"]
    for code, row in metrics["labels"].items():
        lines.append(f"{code[:45]:<45} {row['precision']:>9.3f} {row['recall']:>9.3f} {row['f1']:>9.3f} {row['support']:>8}")
    for average in ("micro", "macro"):
        row = metrics[average]
        name = average + " avg"
        lines.append(f"{name:<45} {row['precision']:>9.3f} {row['recall']:>9.3f} {row['f1']:>9.3f} {row['support']:>8}")
    return "\n".join(lines)
