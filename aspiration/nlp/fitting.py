"""How a ``LabelModel`` learns: its linear heads (logistic or ridge) and the thresholds it calibrates. Pure."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from aspiration.nlp.metrics import f1_scores, label_f1


def logistic_head(x, y: np.ndarray, multi_label: bool, c: float, sample_weight=None, seed: int = 0):
    """Logistic regression weights (features x labels) and biases: one-vs-rest or multinomial."""
    from sklearn.linear_model import LogisticRegression

    if not multi_label:
        classes = y.argmax(axis=1)
        model = LogisticRegression(C=c, max_iter=300, random_state=seed).fit(x, classes, sample_weight=sample_weight)
        weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
        bias = np.full(y.shape[1], -30.0, dtype=np.float32)
        if len(model.classes_) == 2 and y.shape[1] == 2:
            weights[:, 1], bias[1] = model.coef_[0], model.intercept_[0]
            bias[0] = 0.0
        else:
            weights[:, model.classes_] = model.coef_.T
            bias[model.classes_] = model.intercept_
        return weights, bias
    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    bias = np.full(y.shape[1], -30.0, dtype=np.float32)
    for column in range(y.shape[1]):
        target = y[:, column]
        if 0 < target.sum() < len(target):
            solver = "liblinear" if sparse.issparse(x) else "lbfgs"  # liblinear is much faster on sparse TF-IDF
            model = LogisticRegression(C=c, max_iter=300, solver=solver, random_state=seed)
            model.fit(x, target, sample_weight=sample_weight)
            weights[:, column], bias[column] = model.coef_[0], model.intercept_[0]
    return weights, bias


def ridge_head(x: np.ndarray, y: np.ndarray, penalty: float, sample_weight=None) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form ridge regression onto 0/1 label indicators, all labels in one solve.

    Twenty times cheaper than one logistic regression per label on a shared 2-core machine, and
    nearly as good once per-label thresholds are calibrated.
    """
    w = np.ones(len(x)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    mean_x = (w[:, None] * x).sum(axis=0) / w.sum()
    mean_y = (w[:, None] * y).sum(axis=0) / w.sum()
    centred = x - mean_x
    gram = centred.T @ (w[:, None] * centred) + penalty * np.eye(x.shape[1])
    weights = np.linalg.solve(gram, centred.T @ (w[:, None] * (y - mean_y)))
    bias = mean_y - mean_x @ weights
    return weights.astype(np.float32), bias.astype(np.float32)


def calibrate_thresholds(scores: np.ndarray, y: np.ndarray, min_support: int = 5) -> np.ndarray:
    """Per-label F1-maximising thresholds; labels too rare in validation share the global best one."""
    grid = np.arange(0.05, 0.951, 0.025)
    global_best = _middle_of_best(grid, [f1_scores(y, scores >= t)["micro"]["f1"] for t in grid])
    per_label = np.array([label_f1(y, scores >= t) for t in grid])  # thresholds x labels
    thresholds = np.full(scores.shape[1], global_best, dtype=np.float32)
    for column in range(scores.shape[1]):
        if y[:, column].sum() >= min_support:
            thresholds[column] = _middle_of_best(grid, per_label[:, column])
    return thresholds


def _middle_of_best(grid: np.ndarray, values) -> float:
    """The middle of the thresholds that reach the best value: the margin is equal on both sides."""
    values = np.asarray(values)
    best = np.flatnonzero(values >= values.max() - 1e-9)
    return float(grid[best[len(best) // 2]])


def quality(scores: np.ndarray, y: np.ndarray, multi_label: bool) -> float:
    """How well these scores label the validation set: best micro-F1 of three cuts, or macro-F1 of the top class."""
    if multi_label:
        return max(f1_scores(y, scores >= t)["micro"]["f1"] for t in (0.3, 0.4, 0.5))
    predicted = np.zeros_like(y)
    predicted[np.arange(len(y)), scores.argmax(axis=1)] = True
    return f1_scores(y, predicted)["macro"]["f1"]
