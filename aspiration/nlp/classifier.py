"""One classifier per taxonomy, with the scikit-learn fit/predict shape, over sentence embeddings
(multilingual: trained in English, used in six languages) and, for English text, blended with
TF-IDF. Per-label thresholds are calibrated on a validation split. Every label gets a reason.

Saved as ``<name>.npz`` (arrays) + ``<name>.json`` (labels, thresholds, metadata): never pickles.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aspiration.nlp.features import CHARACTER_MARK, TfidfFeatures
from aspiration.nlp.fitting import calibrate_thresholds, logistic_head, quality, ridge_head
from aspiration.reference.codes import code_key

FORMAT_VERSION = 1


@dataclass
class Batch:
    """Texts prepared once and shared by every taxonomy: normalised text, language, embedding."""

    texts: list[str]
    languages: list[str]
    vectors: np.ndarray
    language_scores: list[float] | None = None  # identification probability (1.0 when the caller gave it)
    _tfidf_cache: dict = field(default_factory=dict, repr=False)
    _terms_memo: dict = field(default_factory=dict, repr=False)  # tokens and terms, shared by the TF-IDF models

    def tfidf(self, features: TfidfFeatures, key: str):
        if key not in self._tfidf_cache:
            self._tfidf_cache[key] = features.transform(self.texts, self.languages, self._terms_memo)
        return self._tfidf_cache[key]

    def subset(self, rows: Sequence[int]) -> Batch:
        rows = list(rows)
        return Batch([self.texts[i] for i in rows], [self.languages[i] for i in rows], self.vectors[rows])


@dataclass
class Prediction:
    code: str
    score: float
    reason: str

    def as_dict(self) -> dict:
        return {"code": self.code, "score": round(float(self.score), 4), "reason": self.reason}


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


def _forward(layers: list[tuple[np.ndarray, np.ndarray]], x) -> np.ndarray:
    """Logits of a small feed-forward network (ReLU between layers); one layer = linear model."""
    for index, (weights, bias) in enumerate(layers):
        x = x @ weights + bias
        if index < len(layers) - 1:
            x = np.maximum(x, 0)
    return np.asarray(x)


class LabelModel:
    """A taxonomy classifier. ``fit(batch, label_sets)``, ``predict_scores(batch)``, ``predict(batch)``."""

    def __init__(self, taxonomy: str, multi_label: bool = True, use_tfidf: bool = True, hidden: int = 0,
                 alpha: float = 1e-4, tfidf_c: float = 8.0, seed: int = 0, label_names: dict[str, str] | None = None,
                 opening_clause: bool = False, tfidf_characters: int = 0):
        self.taxonomy = taxonomy
        self.multi_label = multi_label
        self.use_tfidf = use_tfidf
        self.hidden = hidden
        self.alpha = alpha
        self.tfidf_c = tfidf_c
        self.opening_clause = opening_clause  # TF-IDF features of the first clause (see features.terms)
        self.tfidf_characters = tfidf_characters  # how many character n-grams beside the words (0: none)
        self.seed = seed
        self.label_names = label_names or {}
        self.labels: list[str] = []
        self.embedding_layers: list[tuple[np.ndarray, np.ndarray]] = []
        self.tfidf: TfidfFeatures | None = None
        self.tfidf_weights = np.zeros((0, 0), dtype=np.float32)
        self.tfidf_bias = np.zeros(0, dtype=np.float32)
        self.blend = 1.0  # weight of the embedding head for English text; other languages use it alone
        self.thresholds = {"blend": np.zeros(0), "embedding": np.zeros(0)}
        self.prototypes: list[dict] = []  # {"label": index, "text": str, "language": str}
        self.prototype_vectors = np.zeros((0, 0), dtype=np.float32)
        self.metadata: dict = {}

    # ---- training -------------------------------------------------------------------------
    def _targets(self, label_sets: Sequence[Sequence[str]]) -> np.ndarray:
        index = {code: i for i, code in enumerate(self.labels)}
        y = np.zeros((len(label_sets), len(self.labels)), dtype=np.int8)
        for row, codes in enumerate(label_sets):
            for code in codes:
                if code in index:
                    y[row, index[code]] = 1
        return y

    def fit(self, batch: Batch, label_sets: Sequence[Sequence[str]], sample_weight: np.ndarray | None = None,
            validation: tuple[Batch, Sequence[Sequence[str]]] | None = None) -> LabelModel:
        """Learn both heads on ``batch``; calibrate blend and thresholds on ``validation`` if given."""
        if not self.labels:
            self.labels = sorted({code for codes in label_sets for code in codes}, key=code_key)
        y = self._targets(label_sets)
        self.embedding_layers = self._fit_embedding_head(batch.vectors, y, sample_weight)
        if self.use_tfidf:
            self.tfidf = TfidfFeatures(opening_clause=self.opening_clause,
                                       max_characters=self.tfidf_characters).fit(batch.texts)
            self._fit_tfidf_head(batch.tfidf(self.tfidf, "fit"), y, sample_weight)
        if validation is not None:
            self.calibrate(*validation)
        else:
            self.thresholds = {"blend": np.full(len(self.labels), 0.5), "embedding": np.full(len(self.labels), 0.5)}
        self.choose_prototypes(batch, y)
        return self

    def _fit_embedding_head(self, x: np.ndarray, y: np.ndarray, sample_weight) -> list:
        if self.multi_label and not self.hidden:
            return [ridge_head(x, y, self.alpha * len(x), sample_weight)]
        if self.hidden:
            from sklearn.neural_network import MLPClassifier

            net = MLPClassifier(hidden_layer_sizes=(self.hidden,), alpha=self.alpha, max_iter=60, early_stopping=True,
                                n_iter_no_change=6, random_state=self.seed, batch_size=min(128, len(x)))
            net.fit(x, y if self.multi_label else y.argmax(axis=1))
            layers = [(w.astype(np.float32), b.astype(np.float32)) for w, b in zip(net.coefs_, net.intercepts_, strict=True)]
            if not self.multi_label and len(self.labels) == 2:  # sklearn keeps one logit for two classes
                w, b = layers[-1]
                layers[-1] = (np.hstack([-w / 2, w / 2]), np.hstack([-b / 2, b / 2]))
            return layers
        weights, bias = logistic_head(x, y, self.multi_label, c=1.0 / max(self.alpha * 1000, 1e-6), sample_weight=sample_weight,
                                  seed=self.seed)
        return [(weights, bias)]

    def _fit_tfidf_head(self, x, y: np.ndarray, sample_weight) -> None:
        weights, bias = logistic_head(x, y, self.multi_label, c=self.tfidf_c, sample_weight=sample_weight, seed=self.seed)
        self.tfidf_weights, self.tfidf_bias = weights, bias

    def calibrate(self, batch: Batch, label_sets: Sequence[Sequence[str]]) -> dict:
        """Choose the English blend weight and per-label thresholds that maximise F1 on held-out data."""
        y = self._targets(label_sets).astype(bool)
        embedding_scores = self._embedding_scores(batch)
        if self.use_tfidf:
            tfidf_scores = self._tfidf_scores(batch)
            candidates = [round(w, 2) for w in np.arange(0.0, 1.01, 0.1)]
            self.blend = max(candidates, key=lambda w: quality(w * embedding_scores + (1 - w) * tfidf_scores, y,
                                                              self.multi_label))
            blended = self.blend * embedding_scores + (1 - self.blend) * tfidf_scores
        else:
            blended = embedding_scores
        self.thresholds = {"blend": calibrate_thresholds(blended, y), "embedding": calibrate_thresholds(embedding_scores, y)}
        return self.thresholds

    def choose_prototypes(self, batch: Batch, y: np.ndarray, per_label: int = 2, max_chars: int = 220) -> None:
        """Keep, per label, the short training texts most typical of it: the "similar to" reasons."""
        scores = self.predict_scores(batch)
        chosen = []
        for column in range(len(self.labels)):
            rows = [r for r in np.flatnonzero(y[:, column]) if len(batch.texts[r]) <= max_chars]
            rows.sort(key=lambda r: -scores[r, column])
            chosen.extend((column, r) for r in rows[:per_label])
        self.set_prototypes([{"label": c, "text": batch.texts[r], "language": batch.languages[r]} for c, r in chosen],
                            batch.vectors[[r for _c, r in chosen]] if chosen else np.zeros((0, batch.vectors.shape[1])))

    def set_prototypes(self, prototypes: list[dict], vectors: np.ndarray) -> None:
        self.prototypes = prototypes
        self.prototype_vectors = np.asarray(vectors, dtype=np.float32)
        self._prototypes_by_label = None

    def _prototype_index(self) -> dict[tuple[int, str | None], tuple[np.ndarray, np.ndarray]]:
        """(label column, language) -> prototype rows and their vectors; (column, None) -> all of the label's."""
        if getattr(self, "_prototypes_by_label", None) is None:
            groups: dict[tuple[int, str | None], list[int]] = {}
            for i, prototype in enumerate(self.prototypes):
                groups.setdefault((prototype["label"], prototype["language"]), []).append(i)
                groups.setdefault((prototype["label"], None), []).append(i)
            self._prototypes_by_label = {key: (np.array(rows), self.prototype_vectors[rows]) for key, rows in groups.items()}
        return self._prototypes_by_label

    # ---- prediction -----------------------------------------------------------------------
    def _embedding_scores(self, batch: Batch) -> np.ndarray:
        logits = _forward(self.embedding_layers, batch.vectors)
        if not self.multi_label:
            return _softmax(logits)
        # A multi-label linear head is a ridge regression onto 0/1 targets: its output is already a score.
        return np.clip(logits, 0.0, 1.0) if len(self.embedding_layers) == 1 else _sigmoid(logits)

    def _tfidf_scores(self, batch: Batch, rows: np.ndarray | None = None) -> np.ndarray:
        """TF-IDF head scores of all texts or of ``rows``; the batch's TF-IDF matrix is built once, for
        these scores and the reasons' terms alike."""
        x = batch.tfidf(self.tfidf, self._tfidf_key)
        logits = np.asarray((x if rows is None else x[rows]) @ self.tfidf_weights) + self.tfidf_bias
        return _sigmoid(logits) if self.multi_label else _softmax(logits)

    @property
    def _tfidf_key(self) -> str:
        return f"{self.taxonomy}:{id(self.tfidf)}"

    def _english(self, batch: Batch) -> np.ndarray:
        return np.array([language == "en" for language in batch.languages], dtype=bool)

    def predict_scores(self, batch: Batch) -> np.ndarray:
        """Scores in [0, 1], one column per label: blended for English text, embedding-only otherwise."""
        scores = self._embedding_scores(batch)
        if self.use_tfidf and self.tfidf is not None and self.blend < 1.0:
            english = self._english(batch)
            if english.any():
                tfidf = self._tfidf_scores(batch, np.flatnonzero(english))
                scores[english] = self.blend * scores[english] + (1 - self.blend) * tfidf
        return scores

    def threshold_matrix(self, batch: Batch) -> np.ndarray:
        english = self._english(batch)[:, None]
        return np.where(english & self.use_tfidf, self.thresholds["blend"][None, :], self.thresholds["embedding"][None, :])

    def chosen(self, batch: Batch, scores: np.ndarray) -> np.ndarray:
        """Which labels each text gets: above the threshold (multi-label) or the single best one."""
        if self.multi_label:
            return scores >= self.threshold_matrix(batch)
        chosen = np.zeros_like(scores, dtype=bool)
        chosen[np.arange(len(scores)), scores.argmax(axis=1)] = True
        return chosen

    def predict_codes(self, batch: Batch) -> list[list[str]]:
        """Label codes per text, without reasons (for evaluation)."""
        chosen = self.chosen(batch, self.predict_scores(batch))
        return [[self.labels[c] for c in np.flatnonzero(row)] for row in chosen]

    def predict(self, batch: Batch) -> list[list[Prediction]]:
        """Labels per text with scores and reasons, best first."""
        scores = self.predict_scores(batch)
        chosen = self.chosen(batch, scores)
        results = []
        for row in range(len(scores)):
            columns = sorted(np.flatnonzero(chosen[row]), key=lambda c: -scores[row, c])
            results.append([Prediction(self.labels[c], float(scores[row, c]), self.reason(batch, row, c)) for c in columns])
        return results

    def reason(self, batch: Batch, row: int, column: int) -> str:
        """Why this label: the words that pushed it up (English) and the most similar typical example."""
        parts = []
        if self.use_tfidf and self.tfidf is not None and batch.languages[row] == "en" and self.blend < 1.0:
            words = self.matched_terms(batch, row, column)
            if words:
                parts.append("terms: " + ", ".join(f"'{w}'" for w in words))
        example = self.nearest_prototype(batch.vectors[row], column, batch.languages[row])
        if example:
            parts.append(f"similar to: \"{example[0]}\" ({example[1]:.2f})")
        return "; ".join(parts) or f"model score {self.label_names.get(self.labels[column], self.labels[column])}"

    def matched_terms(self, batch: Batch, row: int, column: int, limit: int = 4) -> list[str]:
        x = batch.tfidf(self.tfidf, self._tfidf_key)
        start, end = x.indptr[row], x.indptr[row + 1]  # the row's entries, without a scipy row copy
        indices = x.indices[start:end]
        contributions = x.data[start:end] * self.tfidf_weights[indices, column]
        term_list, is_word = self._term_list()
        # Character n-grams ("ildr") explain nothing to a reader: the reason names whole words only.
        order = np.argsort(-contributions)
        order = order[(contributions[order] > 0.05) & is_word[indices[order]]]
        return [term_list[indices[i]] for i in order[:limit]]

    def _term_list(self) -> tuple[list[str], np.ndarray]:
        """The TF-IDF terms in column order, and which of them are words (not character n-grams)."""
        if not hasattr(self, "_terms_cache"):
            term_list = self.tfidf.term_list()
            self._terms_cache = term_list, np.array([not t.startswith(CHARACTER_MARK) for t in term_list], dtype=bool)
        return self._terms_cache

    def nearest_prototype(self, vector: np.ndarray, column: int, language: str) -> tuple[str, float] | None:
        """The label's typical text most similar to ``vector``, in the same language when there is one."""
        index = self._prototype_index()
        found = index.get((column, language)) or index.get((column, None))
        if found is None:
            return None
        candidates, vectors = found
        similarities = vectors @ vector
        best = int(np.argmax(similarities))
        return self.prototypes[candidates[best]]["text"], float(similarities[best])

    # ---- persistence ----------------------------------------------------------------------
    def save(self, directory: str | Path, name: str | None = None) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        name = name or self.taxonomy
        arrays = {f"embedding_w{i}": w for i, (w, _b) in enumerate(self.embedding_layers)}
        arrays |= {f"embedding_b{i}": b for i, (_w, b) in enumerate(self.embedding_layers)}
        arrays |= {"threshold_blend": self.thresholds["blend"], "threshold_embedding": self.thresholds["embedding"],
                   "prototype_vectors": self.prototype_vectors.astype(np.float16)}
        if self.use_tfidf and self.tfidf is not None:
            arrays |= {"tfidf_idf": self.tfidf.idf, "tfidf_weights": self.tfidf_weights.astype(np.float16),
                       "tfidf_bias": self.tfidf_bias}
        np.savez_compressed(directory / f"{name}.npz", **arrays)
        meta = {
            "format": FORMAT_VERSION, "taxonomy": self.taxonomy, "multi_label": self.multi_label,
            "use_tfidf": self.use_tfidf and self.tfidf is not None, "labels": self.labels, "label_names": self.label_names,
            "layers": len(self.embedding_layers), "blend": self.blend, "prototypes": self.prototypes,
            "tfidf_terms": self.tfidf.term_list() if self.use_tfidf and self.tfidf is not None else [],
            "tfidf_opening_clause": bool(self.tfidf is not None and self.tfidf.opening_clause),
            "metadata": self.metadata,
        }
        (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False))
        return directory / f"{name}.json"

    @classmethod
    def load(cls, directory: str | Path, name: str) -> LabelModel:
        directory = Path(directory)
        meta = json.loads((directory / f"{name}.json").read_text())
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{name}: unsupported model format {meta.get('format')}")
        model = cls(meta["taxonomy"], meta["multi_label"], meta["use_tfidf"], label_names=meta.get("label_names"))
        with np.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
            model.embedding_layers = [(arrays[f"embedding_w{i}"], arrays[f"embedding_b{i}"]) for i in range(meta["layers"])]
            model.thresholds = {"blend": arrays["threshold_blend"], "embedding": arrays["threshold_embedding"]}
            model.prototype_vectors = arrays["prototype_vectors"].astype(np.float32)
            if meta["use_tfidf"]:
                model.tfidf = TfidfFeatures.from_terms(meta["tfidf_terms"], arrays["tfidf_idf"],
                                                      meta.get("tfidf_opening_clause", False))
                model.tfidf_weights = arrays["tfidf_weights"].astype(np.float32)
                model.tfidf_bias = arrays["tfidf_bias"]
        model.labels, model.blend, model.metadata = meta["labels"], meta["blend"], meta["metadata"]
        model.prototypes = meta["prototypes"]
        return model

    @property
    def version(self) -> str:
        return self.metadata.get("version", "unversioned")
