"""Which ensemble of the UPR Info models to ship: the choice experiments, on a session split (issue 15).

Models are fitted on sessions 1-12 and compared on sessions 13-14 (never on the test sessions
15-17, which ``benchmarks/quality.py`` reports). Weights and thresholds are calibrated either on
a random 15 % of sessions 1-12 (what ``fit_taxonomy`` does) or on the latest training sessions
(fit on 1-10, calibrate on 11-12). Components: the word TF-IDF logistic regression, the same with
the first-clause features, and the embedding head; combinations: one blend weight for all
labels (shipped), one weight per label, and a second pass over the first pass's score vector
(per-label logistic regression, fitted out-of-fold on the calibration split: label co-occurrence).
Writes the "classification_ensemble" section of docs/benchmarks.md.

``--neighbours`` instead prints the neighbour experiments (same split, TF-IDF only, no encoder):
label transfer from the nearest training texts for upr_issue, and for response the reviewed
state's own earlier responses to its most similar earlier recommendations. Their results are in
classification_ensemble_notes.md.

    ASPIRATION_EMBEDDING_CACHE=/tmp/aspiration-embedding-cache OMP_NUM_THREADS=1 nice -n 10 \\
        .venv/bin/python benchmarks/classification_ensemble.py [--neighbours]
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aspiration.nlp.classifier import LabelModel  # noqa: E402
from aspiration.nlp.datasets import read_upr_info  # noqa: E402
from aspiration.nlp.embedding import default_embedder  # noqa: E402
from aspiration.nlp.features import TfidfFeatures  # noqa: E402
from aspiration.nlp.fitting import calibrate_thresholds, logistic_head, quality  # noqa: E402
from aspiration.nlp.metrics import f1_scores  # noqa: E402
from aspiration.nlp.training import SEED, SETTINGS, embed_batch, labelled_rows_keep, upr_labels, validation_split  # noqa: E402
from aspiration.reference.codes import code_key  # noqa: E402
from benchmarks.report import write_section  # noqa: E402

DATA = Path(os.environ.get("ASPIRATION_SHARED_DATA", Path(__file__).resolve().parent.parent.parent / "shared" / "data"))
GRID = np.arange(0.0, 1.01, 0.1)


def _sigmoid(x):
    return 1 / (1 + np.exp(-np.clip(x, -30, 30)))


def _softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def components(taxonomy: str, records, vectors, fit, cal, held) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """First-pass scores (calibration rows, held-out rows) of each component, fitted on ``fit`` only."""
    settings = SETTINGS[taxonomy]
    multi = settings["multi_label"]
    labels = sorted({c for i in fit for c in upr_labels([records[i]], taxonomy)[0]}, key=code_key)
    y = targets(taxonomy, records, fit, labels)
    texts = [r.text for r in records]
    found = {}
    kinds = {"word TF-IDF": False} | ({"first-clause TF-IDF": True} if not multi else {})
    for name, clause in kinds.items():
        features = TfidfFeatures(opening_clause=clause).fit([texts[i] for i in fit])
        weights, bias = logistic_head(features.transform([texts[i] for i in fit]), y, multi, c=settings["tfidf_c"], seed=SEED)
        activate = _sigmoid if multi else _softmax
        found[name] = tuple(activate(np.asarray(features.transform([texts[i] for i in rows]) @ weights) + bias)
                            for rows in (cal, held))
    head = LabelModel(taxonomy, multi_label=multi, use_tfidf=False, hidden=settings["hidden"], alpha=settings["alpha"], seed=SEED)
    head.labels = labels
    head.embedding_layers = head._fit_embedding_head(vectors[fit], y, None)
    found["embedding head"] = tuple(head._embedding_scores(_Rows(vectors[rows])) for rows in (cal, held))
    return found


class _Rows:
    """The one attribute the embedding head reads."""

    def __init__(self, vectors):
        self.vectors = vectors


def targets(taxonomy, records, rows, labels) -> np.ndarray:
    index = {c: j for j, c in enumerate(labels)}
    y = np.zeros((len(rows), len(labels)), dtype=np.int8)
    for r, i in enumerate(rows):
        for code in upr_labels([records[i]], taxonomy)[0]:
            if code in index:
                y[r, index[code]] = 1
    return y


def measure(scores: np.ndarray, y: np.ndarray, thresholds, multi: bool) -> dict:
    if multi:
        predicted = scores >= thresholds
    else:
        predicted = np.zeros_like(y, dtype=bool)
        predicted[np.arange(len(y)), scores.argmax(axis=1)] = True
    metrics = f1_scores(y, predicted)
    return {"micro": metrics["micro"]["f1"], "macro": metrics["macro"]["f1"],
            "accuracy": float((predicted & y.astype(bool)).any(axis=1).mean())}


def global_blend(parts, y_cal, multi):
    """Simplex weights (step 0.1) maximising validation quality, as ``LabelModel.calibrate`` chooses its blend."""
    combos = [(*w, 1 - sum(w)) for w in itertools.product(GRID, repeat=len(parts) - 1) if sum(w) <= 1 + 1e-9]
    best = max(combos, key=lambda w: quality(sum(wi * p[0] for wi, p in zip(w, parts, strict=True)), y_cal, multi))
    return [sum(wi * p[k] for wi, p in zip(best, parts, strict=True)) for k in (0, 1)], best


def per_label_blend(first, second, y_cal, default, min_support=20):
    """One weight per label (labels with >= ``min_support`` validation examples), each label's best F1 over cuts."""
    cuts = np.arange(0.05, 0.951, 0.025)
    weights = np.full(y_cal.shape[1], default)
    for column in np.flatnonzero(y_cal.sum(axis=0) >= min_support):
        truth = y_cal[:, column].astype(bool)
        best = []
        for w in GRID:
            predicted = (w * first[0][:, column] + (1 - w) * second[0][:, column])[:, None] >= cuts[None, :]
            best.append((2 * (predicted & truth[:, None]).sum(axis=0) / (truth.sum() + predicted.sum(axis=0))).max())
        weights[column] = GRID[int(np.argmax(best))]
    return [weights * first[k] + (1 - weights) * second[k] for k in (0, 1)]


def co_occurrence_pass(scores, y_cal, c=0.1, folds=5):
    """Per label, a logistic regression over the logits of all first-pass scores; out-of-fold on the calibration rows."""
    from sklearn.linear_model import LogisticRegression

    logit = [np.log(np.clip(s, 1e-4, 1 - 1e-4) / (1 - np.clip(s, 1e-4, 1 - 1e-4))) for s in scores]
    fold = np.random.RandomState(SEED % 2**32).randint(0, folds, len(logit[0]))
    out = [scores[0].copy(), scores[1].copy()]
    for column in range(y_cal.shape[1]):
        truth = y_cal[:, column]
        if truth.sum() < folds:
            continue
        for k in range(folds):
            rows = fold == k
            if 0 < truth[~rows].sum() < (~rows).sum():
                out[0][rows, column] = LogisticRegression(C=c, max_iter=300).fit(
                    logit[0][~rows], truth[~rows]).predict_proba(logit[0][rows])[:, 1]
        out[1][:, column] = LogisticRegression(C=c, max_iter=300).fit(logit[0], truth).predict_proba(logit[1])[:, 1]
    return out


def experiment(taxonomy: str, records, vectors, split: str) -> list[tuple[str, dict]]:
    fit, cal, held = session_split(taxonomy, records)
    if split != "random 15 % of 1-12":
        train = sorted(fit + cal)
        fit = [i for i in train if records[i].session <= 10]
        cal = [i for i in train if records[i].session in (11, 12)]
    multi = SETTINGS[taxonomy]["multi_label"]
    labels = sorted({c for i in fit for c in upr_labels([records[i]], taxonomy)[0]}, key=code_key)
    y_cal, y_held = targets(taxonomy, records, cal, labels), targets(taxonomy, records, held, labels)
    parts = components(taxonomy, records, vectors, fit, cal, held)

    def result(scores):
        thresholds = calibrate_thresholds(scores[0], y_cal.astype(bool)) if multi else None
        return measure(scores[1], y_held, thresholds, multi)

    rows = [(name, result(scores)) for name, scores in parts.items()]
    text_part = "first-clause TF-IDF" if SETTINGS[taxonomy].get("opening_clause") else "word TF-IDF"
    blended, weights = global_blend([parts["embedding head"], parts[text_part]], y_cal, multi)
    rows.append((f"embedding head + {text_part}, one blend ({weights[0]:.1f} / {weights[1]:.1f}; shipped)", result(blended)))
    if multi:
        rows.append(("same, one blend weight per label",
                     result(per_label_blend(parts["embedding head"], parts[text_part], y_cal, weights[0]))))
        rows.append(("same, + co-occurrence second pass (stacking)", result(co_occurrence_pass(blended, y_cal))))
    else:
        other = "word TF-IDF" if text_part == "first-clause TF-IDF" else "first-clause TF-IDF"
        two, weights = global_blend([parts["embedding head"], parts[other]], y_cal, multi)
        rows.append((f"embedding head + {other}, one blend ({weights[0]:.1f} / {weights[1]:.1f})", result(two)))
        three, weights = global_blend([parts["embedding head"], parts["first-clause TF-IDF"], parts["word TF-IDF"]], y_cal, multi)
        rows.append((f"embedding head + first-clause + word TF-IDF ({' / '.join(f'{w:.1f}' for w in weights)})", result(three)))
    return rows


def nearest(a, b, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows of ``b`` most cosine-similar to each row of ``a`` (both L2-normalised), best first."""
    index, similarity = np.zeros((a.shape[0], k), dtype=np.int64), np.zeros((a.shape[0], k), dtype=np.float32)
    for start in range(0, a.shape[0], 1000):  # 1,000 rows at a time: the dense block stays under 100 MB
        dense = (a[start:start + 1000] @ b.T).toarray()
        top = np.argpartition(-dense, k, axis=1)[:, :k]
        values = np.take_along_axis(dense, top, 1)
        order = np.argsort(-values, axis=1)
        index[start:start + 1000] = np.take_along_axis(top, order, 1)
        similarity[start:start + 1000] = np.take_along_axis(values, order, 1)
    return index, similarity


def neighbour_experiments(records) -> None:
    """Print the k-NN label transfer (upr_issue) and state-history (response) rows on 1-12 -> 13-14."""
    fit, cal, held = session_split("upr_issue", records)
    labels = sorted({c for i in fit for c in records[i].issues}, key=code_key)
    y_fit, y_cal, y_held = (targets("upr_issue", records, rows, labels) for rows in (fit, cal, held))
    features = TfidfFeatures().fit([records[i].text for i in fit])
    x = {name: features.transform([records[i].text for i in rows]) for name, rows in (("fit", fit), ("cal", cal), ("held", held))}
    weights, bias = logistic_head(x["fit"], y_fit, True, c=SETTINGS["upr_issue"]["tfidf_c"], seed=SEED)
    linear = [_sigmoid(np.asarray(x[name] @ weights) + bias) for name in ("cal", "held")]

    def result(scores) -> str:
        m = measure(scores[1], y_held, calibrate_thresholds(scores[0], y_cal.astype(bool)), True)
        return f"{m['micro']:.3f} / {m['macro']:.3f}"

    print(f"upr_issue word TF-IDF: {result(linear)}")
    found = {name: nearest(x[name], x["fit"], 30) for name in ("cal", "held")}
    for k, power in itertools.product((5, 10, 20, 30), (1, 3)):
        transfer = []
        for name in ("cal", "held"):
            weight = np.maximum(found[name][1][:, :k], 0) ** power
            votes = np.einsum("nk,nkl->nl", weight, y_fit[found[name][0][:, :k]].astype(np.float32))
            transfer.append(votes / np.maximum(weight.sum(axis=1, keepdims=True), 1e-6))
        mixed = [f"{a:.1f}: {result([(1 - a) * p + a * q for p, q in zip(linear, transfer, strict=True)])}"
                 for a in (0.2, 0.3, 0.5)]
        print(f"upr_issue k-NN k={k} similarity^{power}: alone {result(transfer)}; mixed " + ", ".join(mixed))

    fit, cal, held = session_split("response", records)
    truth = np.array([records[i].response == "supported" for i in held])
    features = TfidfFeatures().fit([records[i].text for i in fit])
    y_fit = targets("response", records, fit, ["noted", "supported"])
    weights, bias = logistic_head(features.transform([records[i].text for i in fit]), y_fit, False,
                                  c=SETTINGS["response"]["tfidf_c"], seed=SEED)
    x_held = features.transform([records[i].text for i in held])
    text = _softmax(np.asarray(x_held @ weights) + bias)[:, 1]
    print(f"response word TF-IDF: {np.mean((text >= 0.5) == truth):.3f} (majority {max(truth.mean(), 1 - truth.mean()):.3f})")
    pool = fit + cal  # every training row; a held row sees only its own state's earlier sessions
    similarity = (x_held @ features.transform([records[i].text for i in pool]).T).toarray()
    state = np.array([records[i].state for i in pool])
    session = np.array([records[i].session for i in pool])
    supported = np.array([records[i].response == "supported" for i in pool], dtype=np.float32)
    earlier = (state[None, :] == np.array([records[i].state for i in held])[:, None]) & (
        session[None, :] < np.array([records[i].session for i in held])[:, None])
    similarity = np.where(earlier, similarity, -1.0)
    for k, power in itertools.product((3, 5, 10, 20), (1, 3)):
        top = np.argpartition(-similarity, k, axis=1)[:, :k]
        weight = np.maximum(np.take_along_axis(similarity, top, 1), 0) ** power
        has = weight.sum(axis=1) > 0
        history = np.where(has, (weight * supported[top]).sum(axis=1) / np.maximum(weight.sum(axis=1), 1e-6), text)
        mixed = [f"{a:.1f}: {np.mean((((1 - a) * text + a * history) >= 0.5) == truth):.3f}" for a in (0.2, 0.4, 0.6)]
        print(f"response state history k={k} similarity^{power} (rows with history {has.mean():.2f}): alone "
              f"{np.mean((history >= 0.5) == truth):.3f}; mixed " + ", ".join(mixed))


def session_split(taxonomy: str, records) -> tuple[list[int], list[int], list[int]]:
    """Rows (fit, calibration, held out): a random 15 % of sessions 1-12 calibrates, 13-14 are held out."""
    keep = [i for i, r in enumerate(records) if labelled_rows_keep(r, taxonomy)]
    train = [i for i in keep if records[i].session <= 12]
    inner, calibration = validation_split([records[i].text for i in train], seed=SEED)
    return [train[i] for i in inner], [train[i] for i in calibration], [i for i in keep if records[i].session in (13, 14)]


def main() -> None:
    records = read_upr_info(DATA)
    if "--neighbours" in sys.argv:
        neighbour_experiments(records)
        return
    vectors = embed_batch([r.text for r in records], ["en"] * len(records), default_embedder()).vectors
    lines = ["Choosing the UPR Info ensemble (issue 15): fitted on sessions 1-12, compared on sessions 13-14 "
             "(the test sessions 15-17 are not used here). Thresholds and weights calibrated on a random 15 % of "
             "sessions 1-12 (as shipped) or on the latest training sessions (fit on 1-10, calibrate on 11-12).", "",
             "| taxonomy | calibrated on | model | micro-F1 | macro-F1 | accuracy |", "|---|---|---|---|---|---|"]
    for taxonomy in ("upr_issue", "action_category", "response"):
        for split in ("random 15 % of 1-12", "sessions 11-12"):
            started = time.perf_counter()
            for name, m in experiment(taxonomy, records, vectors, split):
                accuracy = f"{m['accuracy']:.3f}" if not SETTINGS[taxonomy]["multi_label"] else "-"
                lines.append(f"| {taxonomy} | {split} | {name} | {m['micro']:.3f} | {m['macro']:.3f} | {accuracy} |")
            print(f"{taxonomy} / {split}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    notes = Path(__file__).with_name("classification_ensemble_notes.md")
    body = "\n".join(lines) + ("\n\n" + notes.read_text() if notes.exists() else "")
    write_section("classification_ensemble", "Classification ensembles: what was tried, on a session split", body)


if __name__ == "__main__":
    main()
