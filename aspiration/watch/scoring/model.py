"""The scoring model: per category a linear model on sentence embeddings and one on hashed character
n-grams, combined and calibrated with Platt scaling fitted on held-out data. Stored as ``.npz`` + JSON.

Languages the lexical model has little data for (Spanish, Russian) are scored from the multilingual
embedding alone with their own calibration: what is learned in English carries over through the
embedding space instead of through spelling.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
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
    platt_lex: list[float] = field(default_factory=lambda: [0.0, -30.0])  # a_lex, bias: the speed screen
    screen: float = 0.0        # lexical-only probability below which the embedding is skipped (0 = never)


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
    lex_idf: np.ndarray                 # (HASH_FEATURES,) idf of the lexical hash buckets
    meta: dict = field(default_factory=dict)

    # ---- scoring -------------------------------------------------------------------------------
    def _stack(self, name: str) -> np.ndarray:
        """One parameter of every category side by side, last axis = category (built once per model)."""
        cache = self.__dict__.setdefault("_stacks", {})
        if name not in cache:
            cache[name] = np.stack([np.asarray(getattr(self.categories[c], name), dtype=np.float32) for c in CATEGORIES], axis=-1)
        return cache[name]

    def lexical_logits(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(lexical_features(texts, self.lex_idf) @ self._stack("lex_w")) + self._stack("lex_b")

    def embedding_logits(self, vectors: np.ndarray) -> np.ndarray:
        return vectors @ self._stack("emb_w") + self._stack("emb_b")

    def combine(self, emb: np.ndarray, lex: np.ndarray, known: np.ndarray) -> np.ndarray:
        """Platt-calibrated probabilities; ``known`` rows (languages the lexical model knows) use both logits."""
        both, alone = self._stack("platt_both"), self._stack("platt_emb")   # (3, k), (2, k)
        z_both = emb * both[0] + lex * both[1] + both[2]
        z_alone = emb * alone[0] + alone[1]
        return _sigmoid(np.where(known[:, None], z_both, z_alone))

    def lexical_probabilities(self, lex: np.ndarray) -> np.ndarray:
        platt = self._stack("platt_lex")
        return _sigmoid(lex * platt[0] + platt[1])

    def predict(self, texts: Sequence[str], languages: Sequence[str], embed: Callable[[list[str]], np.ndarray],
                screen: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(probabilities (n, k), embeddings (n, 512; zero rows when screened), screened mask).

        The screen is a cascade for speed: in languages the character model knows, a text whose
        lexical-only probabilities are all below each category's screen level (set in training so
        that 99% of calibration positives pass) is not embedded; its scores are the lexical-only ones.
        """
        lex = self.lexical_logits(texts)
        known = np.array([lang in self.lexical_languages for lang in languages], dtype=bool)
        probs = self.lexical_probabilities(lex)
        screened = known & (probs < self._stack("screen")).all(axis=1) if screen else np.zeros(len(texts), dtype=bool)
        rest = np.flatnonzero(~screened)
        vectors = np.zeros((len(texts), self.seed_vectors.shape[1] if self.seed_vectors.size else 512), dtype=np.float32)
        if rest.size:
            vectors[rest] = embed([normalise(texts[i]) for i in rest])
            probs[rest] = self.combine(self.embedding_logits(vectors[rest]), lex[rest], known[rest])
        return probs, vectors, screened

    def thresholds(self, overrides: dict[str, float] | None = None) -> dict[str, float]:
        values = {c: self.categories[c].threshold for c in CATEGORIES}
        values.update(overrides or {})
        return values

    def score(self, texts: Sequence[str], languages: Sequence[str | None] | None = None, embedder=None,
              thresholds: dict[str, float] | None = None) -> list[Scored]:
        """Score a batch. Languages missing are guessed; one embedding call for the whole batch."""
        if not texts:
            return []
        embedder = embedder or _embedder()
        langs = [lang or guess_language(text) for text, lang in zip(texts, languages or [None] * len(texts), strict=True)]
        limits = self.thresholds(thresholds)
        # A threshold set below a screen level would be silently ignored by screened texts: no screen then.
        screen = all(limits[c] > self.categories[c].screen for c in CATEGORIES)
        probs, vectors, screened = self.predict(texts, langs, embedder.embed, screen=screen)
        nearest = self._nearest_seeds(vectors)
        results = []
        for i, text in enumerate(texts):
            scores = {c: round(float(probs[i, j]), 4) for j, c in enumerate(CATEGORIES)}
            flags = [c for c in CATEGORIES if scores[c] >= limits[c]]
            reason = "not flagged (lexical screen: every score low)" if screened[i] else \
                self._reason(text, scores, flags, nearest[i])
            results.append(Scored(langs[i], scores, flags, reason))
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
        arrays["lex_idf"] = self.lex_idf.astype(np.float16)
        np.savez_compressed(directory / f"{MODEL_NAME}.npz", **arrays)
        meta = dict(self.meta)
        meta.update({
            "categories": {c: {"emb_b": m.emb_b, "lex_b": m.lex_b, "platt_both": m.platt_both, "platt_emb": m.platt_emb,
                               "threshold": m.threshold, "platt_lex": m.platt_lex, "screen": m.screen}
                           for c, m in self.categories.items()},
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
                                 v["platt_both"], v["platt_emb"], v["threshold"], v["platt_lex"], v["screen"])
                for c, v in meta.pop("categories").items()
            }
            seed_vectors, idf = arrays["seed_vectors"], arrays["lex_idf"].astype(np.float32)
        return cls(categories, meta.pop("lexical_languages"), seed_vectors, meta.pop("seed_examples"), idf, meta)


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
