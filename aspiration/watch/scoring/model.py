"""The scoring model: per category a linear model on sentence embeddings and one on hashed character
n-grams, combined and calibrated with Platt scaling fitted on held-out data. Stored as ``.npz`` + JSON.

Languages the lexical model has little data for (Spanish, Russian) are scored from the multilingual
embedding alone with their own calibration: what is learned in English carries over through the
embedding space instead of through spelling.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import CATEGORIES
from .features import guess_language, lexical_features, matched_cues, normalise

MODEL_NAME = "watch"
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "shipped"


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


@dataclass
class CategoryModel:
    emb_w: np.ndarray          # (512,)
    emb_b: float
    lex_w: np.ndarray          # (HASH_FEATURES,)
    lex_b: float
    platt_both: list[float]    # a_emb, a_lex, bias: for languages the lexical model knows
    platt_emb: list[float]     # a_emb, bias: for the others
    threshold: float


@dataclass
class Scored:
    language: str
    scores: dict[str, float]
    flags: list[str]
    reason: str


@dataclass
class WatchModel:
    categories: dict[str, CategoryModel]
    lexical_languages: list[str]
    seed_vectors: np.ndarray            # embeddings of our own seed examples, for "nearest example" reasons
    seed_examples: list[dict]           # {"text", "language", "kind"}
    meta: dict = field(default_factory=dict)

    # ---- scoring -------------------------------------------------------------------------------
    def logits(self, vectors: np.ndarray, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Raw embedding and lexical logits, (n, categories) each."""
        lex = lexical_features(texts)
        emb_w = np.stack([self.categories[c].emb_w for c in CATEGORIES], axis=1)
        lex_w = np.stack([self.categories[c].lex_w for c in CATEGORIES], axis=1).astype(np.float32)
        emb_b = np.array([self.categories[c].emb_b for c in CATEGORIES])
        lex_b = np.array([self.categories[c].lex_b for c in CATEGORIES])
        return vectors @ emb_w + emb_b, np.asarray(lex @ lex_w) + lex_b

    def probabilities(self, vectors: np.ndarray, texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
        emb, lex = self.logits(vectors, texts)
        known = np.array([lang in self.lexical_languages for lang in languages])[:, None]
        both = np.stack([self.categories[c].platt_both for c in CATEGORIES])   # (k, 3)
        alone = np.stack([self.categories[c].platt_emb for c in CATEGORIES])   # (k, 2)
        z_both = emb * both[:, 0] + lex * both[:, 1] + both[:, 2]
        z_alone = emb * alone[:, 0] + alone[:, 1]
        return _sigmoid(np.where(known, z_both, z_alone))

    def thresholds(self, overrides: dict[str, float] | None = None) -> dict[str, float]:
        values = {c: self.categories[c].threshold for c in CATEGORIES}
        values.update(overrides or {})
        return values

    def score(self, texts: Sequence[str], languages: Sequence[str | None] | None = None, embedder=None,
              thresholds: dict[str, float] | None = None) -> list[Scored]:
        """Score a batch. Languages missing are guessed; embeddings computed once for the whole batch."""
        if not texts:
            return []
        embedder = embedder or _embedder()
        langs = [lang or guess_language(text) for text, lang in zip(texts, languages or [None] * len(texts), strict=True)]
        vectors = embedder.embed([normalise(t) for t in texts])
        probs = self.probabilities(vectors, texts, langs)
        limits = self.thresholds(thresholds)
        nearest = self._nearest_seeds(vectors)
        results = []
        for i, text in enumerate(texts):
            scores = {c: round(float(probs[i, j]), 4) for j, c in enumerate(CATEGORIES)}
            flags = [c for c in CATEGORIES if scores[c] >= limits[c]]
            results.append(Scored(langs[i], scores, flags, self._reason(text, scores, flags, nearest[i])))
        return results

    def _nearest_seeds(self, vectors: np.ndarray) -> list[tuple[dict, float]]:
        if not len(self.seed_examples):
            return [({}, 0.0)] * len(vectors)
        sims = vectors @ self.seed_vectors.astype(np.float32).T
        best = sims.argmax(axis=1)
        return [(self.seed_examples[b], float(sims[i, b])) for i, b in enumerate(best)]

    @staticmethod
    def _reason(text: str, scores: dict[str, float], flags: list[str], nearest: tuple[dict, float]) -> str:
        if not flags:
            top = max(scores, key=scores.get)
            return f"not flagged (highest: {top} {scores[top]:.2f})"
        parts = []
        for category in sorted(flags, key=lambda c: -scores[c]):
            cues = matched_cues(text, category)
            parts.append(f"{category} {scores[category]:.2f}" + (f" (cue terms: {', '.join(cues[:4])})" if cues else ""))
        example, similarity = nearest
        if example and similarity >= 0.5:
            parts.append(f"nearest reference example: {example['kind']} ({example['language']}, similarity {similarity:.2f})")
        return "; ".join(parts)

    # ---- storage -------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {}
        for c, m in self.categories.items():
            arrays[f"{c}.emb_w"] = m.emb_w.astype(np.float32)
            arrays[f"{c}.lex_w"] = m.lex_w.astype(np.float16)
        arrays["seed_vectors"] = self.seed_vectors.astype(np.float16)
        np.savez_compressed(directory / f"{MODEL_NAME}.npz", **arrays)
        meta = dict(self.meta)
        meta.update({
            "categories": {c: {"emb_b": m.emb_b, "lex_b": m.lex_b, "platt_both": m.platt_both, "platt_emb": m.platt_emb,
                               "threshold": m.threshold} for c, m in self.categories.items()},
            "lexical_languages": self.lexical_languages,
            "seed_examples": self.seed_examples,
        })
        text = json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True)
        (directory / f"{MODEL_NAME}.json").write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, directory: Path = SHIPPED_DIR) -> WatchModel:
        directory = Path(directory)
        meta = json.loads((directory / f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
        with np.load(directory / f"{MODEL_NAME}.npz", allow_pickle=False) as arrays:
            categories = {
                c: CategoryModel(arrays[f"{c}.emb_w"], v["emb_b"], arrays[f"{c}.lex_w"].astype(np.float32), v["lex_b"],
                                 v["platt_both"], v["platt_emb"], v["threshold"])
                for c, v in meta.pop("categories").items()
            }
            seed_vectors = arrays["seed_vectors"]
        return cls(categories, meta.pop("lexical_languages"), seed_vectors, meta.pop("seed_examples"), meta)


def _embedder():
    from aspiration.nlp.embedding import default_embedder

    return default_embedder()


_loaded: dict[str, WatchModel] = {}


def shipped_model(directory: Path = SHIPPED_DIR) -> WatchModel:
    """Loaded once per process (Dask workers included)."""
    key = str(directory)
    if key not in _loaded:
        _loaded[key] = WatchModel.load(directory)
    return _loaded[key]
