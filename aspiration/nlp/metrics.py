"""Precision, recall and F1 per label, micro and macro: scikit-learn's, in the shape our reports use. Pure."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# scikit-learn is imported where it is used: it takes seconds to import, and predicting needs none of it.

KEYS = ("precision", "recall", "f1")


def _scores(truth: np.ndarray, predicted: np.ndarray, average: str | None):
    """sklearn's precision, recall, F1 (and support) for boolean matrices (texts x labels), 0 where undefined."""
    from sklearn.metrics import precision_recall_fscore_support

    if truth.shape[1] == 1:  # one column is a binary problem to sklearn, not a multi-label one
        return precision_recall_fscore_support(truth[:, 0], predicted[:, 0], labels=[True], average=average,
                                               zero_division=0)
    return precision_recall_fscore_support(truth, predicted, average=average, zero_division=0)


def label_f1(truth: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """F1 of each label (column) of boolean matrices (texts x labels)."""
    truth, predicted = np.asarray(truth, dtype=bool), np.asarray(predicted, dtype=bool)
    if truth.shape[1] == 0:
        return np.zeros(0)
    return np.asarray(_scores(truth, predicted, None)[2], dtype=float)


def f1_scores(truth: np.ndarray, predicted: np.ndarray, labels: Sequence[str] | None = None) -> dict:
    """Metrics for boolean matrices (texts x labels).

    Macro averages over the labels that occur in the gold data or the predictions (a label
    nobody used and nothing predicted says nothing about quality).
    """
    truth = np.asarray(truth, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    labels = list(labels) if labels is not None else [str(i) for i in range(truth.shape[1])]
    support = int(truth.sum())
    if not labels:
        empty = dict.fromkeys(KEYS, 0.0) | {"support": 0}
        return {"labels": {}, "micro": empty, "macro": dict(empty), "texts": int(len(truth))}
    precision, recall, f1, per_support = _scores(truth, predicted, None)
    per_label = {code: {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
                        "support": int(per_support[i])} for i, code in enumerate(labels)}
    micro = dict(zip(KEYS, (float(v) for v in _scores(truth, predicted, "micro")[:3]), strict=True)) | {"support": support}
    used = truth.any(axis=0) | predicted.any(axis=0)
    macro = {key: float(np.mean(values[used])) if used.any() else 0.0
             for key, values in zip(KEYS, (precision, recall, f1), strict=True)} | {"support": support}
    return {"labels": per_label, "micro": micro, "macro": macro, "texts": int(len(truth))}


def evaluate_sets(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict:
    """Metrics for lists of code sets (one per text), over the union of codes seen; accuracy is exact-set match."""
    from sklearn.metrics import accuracy_score
    from sklearn.preprocessing import MultiLabelBinarizer

    codes = sorted({c for codes in gold for c in codes} | {c for codes in predicted for c in codes})
    binarizer = MultiLabelBinarizer(classes=codes).fit([codes])
    truth = binarizer.transform(gold).astype(bool) if gold else np.zeros((0, len(codes)), dtype=bool)
    guess = binarizer.transform(predicted).astype(bool) if predicted else np.zeros_like(truth)
    result = f1_scores(truth, guess, codes)
    if not gold:
        result["accuracy"] = 0.0
    elif not codes:  # nothing expected and nothing predicted anywhere: every text is right
        result["accuracy"] = 1.0
    else:
        pair = (truth, guess) if len(codes) > 1 else (truth[:, 0], guess[:, 0])  # one code: a binary problem
        result["accuracy"] = float(accuracy_score(*pair))
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
