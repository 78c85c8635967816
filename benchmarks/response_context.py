"""Does knowing who recommends and to whom raise `response` above the text-only baseline?

Train on UPR Info sessions 1-14, test on 15-17 (joint recommendations merged). A plain TF-IDF
(words and word pairs) logistic regression on the text, then the same with (a) one-hot reviewed
and recommending states, (b) the states' smoothed share of supported recommendations, computed
out of fold by session for the training rows. Prints the accuracies (an experiment: the
shipped `response` model does not use the states).

    .venv/bin/python benchmarks/response_context.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aspiration.nlp.datasets import UprRecommendation, read_upr_info  # noqa: E402
from benchmarks.quality import DATA, TEST_SESSIONS  # noqa: E402

Keys = Callable[[UprRecommendation], list[str]]


def reviewed(r: UprRecommendation) -> list[str]:
    return [r.state]


def recommending(r: UprRecommendation) -> list[str]:
    return r.recommending


def support_logit(rows: Sequence[UprRecommendation], fit: Sequence[UprRecommendation], keys: Keys) -> np.ndarray:
    """Log-odds of the smoothed supported share of the rows' states, counted on ``fit``."""
    counts: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in fit:
        for key in keys(r):
            counts[key][0] += r.response == "supported"
            counts[key][1] += 1
    prior = float(np.mean([r.response == "supported" for r in fit]))
    shares = [np.mean([(counts[k][0] + 5 * prior) / (counts[k][1] + 5) for k in keys(r)] or [prior]) for r in rows]
    return np.log(np.array(shares) / (1 - np.array(shares)))[:, None]


def out_of_fold(rows: Sequence[UprRecommendation], keys: Keys, folds: int = 5) -> np.ndarray:
    fold = np.array([r.session % folds for r in rows])
    result = np.zeros((len(rows), 1))
    for f in range(folds):
        inside = np.flatnonzero(fold == f)
        result[inside] = support_logit([rows[i] for i in inside], [r for r, g in zip(rows, fold, strict=True) if g != f], keys)
    return result


def accuracy(x_train, y_train, x_test, y_test) -> float:
    model = LogisticRegression(C=2.0, max_iter=300, solver="liblinear").fit(x_train, y_train)
    return float((model.predict(x_test) == y_test).mean())


def main() -> None:
    records = [r for r in read_upr_info(DATA) if r.response]
    train = [r for r in records if r.session not in TEST_SESSIONS]
    test = [r for r in records if r.session in TEST_SESSIONS]
    y_train = np.array([r.response == "supported" for r in train])
    y_test = np.array([r.response == "supported" for r in test])
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)
    text_train, text_test = words.fit_transform([r.text for r in train]), words.transform([r.text for r in test])
    print(f"majority {max(y_test.mean(), 1 - y_test.mean()):.3f}")
    print(f"text only (baseline TF-IDF + LR) {accuracy(text_train, y_train, text_test, y_test):.3f}")

    def who(r: UprRecommendation) -> str:
        return " ".join(["to:" + r.state.replace(" ", "_")] + ["from:" + s.replace(" ", "_") for s in r.recommending])

    states = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, min_df=2, use_idf=False)
    states_train, states_test = states.fit_transform(map(who, train)), states.transform(map(who, test))
    one_hot = accuracy(sparse.hstack([text_train, states_train]).tocsr(), y_train,
                       sparse.hstack([text_test, states_test]).tocsr(), y_test)
    print(f"text + one-hot states {one_hot:.3f}")
    rates_train = np.hstack([out_of_fold(train, reviewed), out_of_fold(train, recommending)])
    rates_test = np.hstack([support_logit(test, train, reviewed), support_logit(test, train, recommending)])
    shares = accuracy(sparse.hstack([text_train, rates_train]).tocsr(), y_train,
                      sparse.hstack([text_test, rates_test]).tocsr(), y_test)
    print(f"text + out-of-fold support shares {shares:.3f}")


if __name__ == "__main__":
    main()
