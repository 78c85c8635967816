"""The scoring model. Two parts, stacked per language and calibrated for a realistic base rate:

1. a small multi-task MLP over the multilingual sentence embedding (512 -> hidden ReLU -> one logit per
   category): the same space for en, fr, es, ru, zh, ar, so what is learned in one language carries
   to the others;
2. per category, a linear model on hashed character and word n-grams (tf-idf): spelling variants,
   slurs and local vocabulary, strong where a language has real training data.

Per category and language, a Platt layer ``sigmoid(a * emb + b * lex + c)`` weighs the two (learned on
that language's calibration part, so a language with little lexical data leans on the embedding), with
the calibration data reweighted to a realistic share of abusive texts (``meta["prior"]``), not the
training mixture's. Stored as ``.npz`` + JSON.
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
ANY_LANGUAGE = "*"   # calibration used for a language without its own


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


@dataclass
class EmbeddingHead:
    """Multi-task MLP over sentence embeddings: one hidden ReLU layer, one logit per category."""

    w1: np.ndarray   # (512, hidden)
    b1: np.ndarray   # (hidden,)
    w2: np.ndarray   # (hidden, k)
    b2: np.ndarray   # (k,)

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        return np.maximum(vectors @ self.w1 + self.b1, 0) @ self.w2 + self.b2


@dataclass
class CategoryModel:
    lex_w: np.ndarray                    # (HASH_FEATURES,)
    lex_b: float
    # language -> [a_emb, a_lex, bias, typical embedding logit of a benign text (used for screened texts)]
    calibration: dict[str, list[float]]
    threshold: float

    def platt(self, language: str) -> list[float]:
        return self.calibration.get(language, self.calibration[ANY_LANGUAGE])


@dataclass
class Scored:
    language: str
    scores: dict[str, float]
    flags: list[str]
    reason: str


@dataclass
class WatchModel:
    categories: dict[str, CategoryModel]
    head: EmbeddingHead
    seed_vectors: np.ndarray            # embeddings of our own seed examples, for "nearest example" reasons
    seed_examples: list[dict]           # {"text", "language", "kind"}
    lex_idf: np.ndarray                 # (HASH_FEATURES,) idf of the lexical hash buckets
    # language -> [weight per category's lexical logit..., bias, level]: the speed screen (see ``predict``)
    screen: dict[str, list[float]] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    # ---- scoring -------------------------------------------------------------------------------
    def _lex_stack(self) -> tuple[np.ndarray, np.ndarray]:
        cache = self.__dict__.setdefault("_stacks", {})
        if "lex" not in cache:
            cache["lex"] = (np.stack([self.categories[c].lex_w for c in CATEGORIES], axis=-1).astype(np.float32),
                            np.array([self.categories[c].lex_b for c in CATEGORIES], dtype=np.float32))
        return cache["lex"]

    def _per_language(self, languages: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(n, 4, k) Platt rows and (n, k + 2) screen rows (weights, bias, level) for each text's language."""
        cache = self.__dict__.setdefault("_languages", {})
        never = [0.0] * len(CATEGORIES) + [0.0, -np.inf]   # no screen: the gate score 0 is never below -inf
        for language in set(languages) - set(cache):
            platt = np.array([self.categories[c].platt(language) for c in CATEGORIES], dtype=np.float32).T
            cache[language] = (platt, np.array(self.screen.get(language, never), dtype=np.float32))
        return (np.stack([cache[lang][0] for lang in languages]), np.stack([cache[lang][1] for lang in languages]))

    def lexical_logits(self, cleaned: Sequence[str]) -> np.ndarray:
        """(n, k) lexical logits of ``normalise``d texts."""
        weights, bias = self._lex_stack()
        return np.asarray(lexical_features(cleaned, self.lex_idf) @ weights) + bias

    def screen_margin(self, lex: np.ndarray, languages: Sequence[str]) -> np.ndarray:
        """Each text's gate score over its lexical logits minus its language's level: below 0, screened
        (``inf`` for a language without a screen)."""
        gate = self._per_language(list(languages))[1]
        k = len(CATEGORIES)
        return np.einsum("nk,nk->n", lex, gate[:, :k]) + gate[:, k] - gate[:, k + 1]

    def predict(self, texts: Sequence[str], languages: Sequence[str], embed: Callable[[list[str]], np.ndarray],
                screen: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(probabilities (n, k), embeddings (n, 512; zero rows when screened), screened mask).

        The screen is a cascade for speed: per language, a logistic gate over the lexical logits
        predicts whether the full model would flag the text; below a level set in training (so that
        99% of the real calibration texts the full model flags still pass; languages without real
        abusive data have no screen) the text is not embedded and its embedding logit is taken to be
        that of a typical benign text of its language.
        """
        if not len(texts):
            return np.zeros((0, len(CATEGORIES))), np.zeros((0, 512), np.float32), np.zeros(0, dtype=bool)
        cleaned = [normalise(text) for text in texts]
        lex = self.lexical_logits(cleaned)
        platt = self._per_language(list(languages))[0]
        screened = self.screen_margin(lex, languages) < 0 if screen else np.zeros(len(texts), dtype=bool)
        emb = platt[:, 3].copy()
        rest = np.flatnonzero(~screened)
        vectors = np.zeros((len(texts), self.head.w1.shape[0]), dtype=np.float32)
        if rest.size:
            # Identical texts (reposts, retweets) are embedded once.
            kept = [cleaned[i] for i in rest]
            unique = {text: row for row, text in enumerate(dict.fromkeys(kept))}
            vectors[rest] = embed(list(unique))[[unique[text] for text in kept]]
            emb[rest] = self.head.logits(vectors[rest])
        probs = _sigmoid(platt[:, 0] * emb + platt[:, 1] * lex + platt[:, 2])
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
        # Screened texts keep the scores of a typical benign text: a threshold lowered for a run could
        # then miss them, so any override below the shipped threshold switches the screen off.
        screen = all(limits[c] >= self.categories[c].threshold for c in CATEGORIES)
        probs, vectors, screened = self.predict(texts, langs, embedder.embed, screen=screen)
        scores = [{c: round(float(probs[i, j]), 4) for j, c in enumerate(CATEGORIES)} for i in range(len(texts))]
        flags = [[c for c in CATEGORIES if row[c] >= limits[c]] for row in scores]
        # Only a flagged text's reason names its nearest seed example: the others need no similarity search.
        flagged = [i for i, row in enumerate(flags) if row]
        nearest = dict(zip(flagged, self._nearest_seeds(vectors[flagged]), strict=True))
        results = []
        for i, text in enumerate(texts):
            reason = "not flagged (lexical screen: every score low)" if screened[i] and not flags[i] else \
                self._reason(text, scores[i], flags[i], nearest.get(i, ({}, 0.0)))
            results.append(Scored(langs[i], scores[i], flags[i], reason))
        return results

    def _nearest_seeds(self, vectors: np.ndarray) -> list[tuple[dict, float]]:
        if not len(self.seed_examples):
            return [({}, 0.0)] * len(vectors)
        seeds = self.__dict__.setdefault("_stacks", {})
        if "seeds" not in seeds:
            seeds["seeds"] = np.ascontiguousarray(self.seed_vectors.astype(np.float32).T)
        sims = vectors @ seeds["seeds"]
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
        arrays = {f"{c}.lex_w": m.lex_w.astype(np.float16) for c, m in self.categories.items()}
        arrays.update({f"head.{name}": getattr(self.head, name).astype(np.float32) for name in ("w1", "b1", "w2", "b2")})
        arrays["seed_vectors"] = self.seed_vectors.astype(np.float16)
        arrays["lex_idf"] = self.lex_idf.astype(np.float16)
        np.savez_compressed(directory / f"{MODEL_NAME}.npz", **arrays)
        meta = dict(self.meta)
        meta.update({
            "categories": {c: {"lex_b": m.lex_b, "calibration": m.calibration, "threshold": m.threshold}
                           for c, m in self.categories.items()},
            "screen": self.screen,
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
                c: CategoryModel(arrays[f"{c}.lex_w"].astype(np.float32), v["lex_b"], v["calibration"], v["threshold"])
                for c, v in meta.pop("categories").items()
            }
            head = EmbeddingHead(*(arrays[f"head.{name}"] for name in ("w1", "b1", "w2", "b2")))
            seed_vectors, idf = arrays["seed_vectors"], arrays["lex_idf"].astype(np.float32)
        return cls(categories, head, seed_vectors, meta.pop("seed_examples"), idf, meta.pop("screen"), meta)


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
