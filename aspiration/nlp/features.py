"""TF-IDF features over word unigrams and bigrams (and, optionally, character n-grams), stored as
plain arrays (no pickles).

Written here rather than taken from scikit-learn's vectoriser so that a saved model is a
vocabulary list and an idf vector, and prediction needs only numpy and scipy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
from scipy import sparse

from aspiration.nlp.text import tokens

# Where a recommendation's first clause ends: what follows is the detail, not the kind of action asked for.
_CLAUSE_END = re.compile(r"[,;:]| in order to | with a view to ")


def terms(text: str, language: str = "en", opening_clause: bool = False, words: list[str] | None = None) -> list[str]:
    """Unigrams and bigrams of the text's word tokens, plus its opening word and word pair.

    A recommendation's opening verb says much about how specific it is ("Consider ratifying",
    "Continue", "Take measures", "Adopt a law"): position matters, so it gets its own feature.
    ``opening_clause`` adds the opening three words and the words of the first clause (up to
    eight), marked as such: what is asked ("Adopt", "Consider", "Continue efforts") is there.
    ``words`` are the text's ``tokens`` when the caller has them already.
    """
    words = tokens(text, language) if words is None else words
    openings = (1, 2, 3) if opening_clause else (1, 2)
    opening = [f"^{' '.join(words[:n])}" for n in openings if len(words) >= n]
    found = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + opening
    if opening_clause:
        found += [f"<{w}" for w in tokens(_CLAUSE_END.split(text.lower(), maxsplit=1)[0], language)[:8]]
    return found


# Marks a character n-gram in the saved vocabulary: no word term starts with it.
CHARACTER_MARK = "\x01"


def character_terms(text: str, language: str = "en", sizes: range = range(2, 6)) -> list[str]:
    """Character n-grams inside each word, padded with a space on both sides (scikit-learn's ``char_wb``).

    They carry what word terms miss in UPR wording: inflections and compounds ("child", "children",
    "childhood"; "anti-discrimination") that otherwise split one issue's evidence over several terms.
    """
    return [term for word in tokens(text, language) for term in _word_ngrams(word, sizes)]


def _word_ngrams(word: str, sizes: range = range(2, 6)) -> list[str]:
    padded = f" {word} "
    return [CHARACTER_MARK + padded[i:i + n] for n in sizes for i in range(len(padded) - n + 1)]


class TfidfFeatures:
    """Sublinear TF-IDF with L2 normalisation over the ``max_terms`` most frequent terms.

    With ``max_characters`` > 0 a second block of that many character n-grams follows the word
    terms, each block L2-normalised on its own and both scaled by 1/sqrt(2), so a text's vector
    keeps unit length and neither block drowns the other.
    """

    def __init__(self, max_terms: int = 30000, min_df: int = 2, opening_clause: bool = False, max_characters: int = 0):
        self.max_terms = max_terms
        self.min_df = min_df
        self.opening_clause = opening_clause
        self.max_characters = max_characters
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float32)

    def _blocks(self, text: str, language: str) -> list[list[str]]:
        blocks = [terms(text, language, self.opening_clause)]
        if self.max_characters:
            blocks.append(character_terms(text, language))
        return blocks

    def _word_characters(self, word: str) -> np.ndarray:
        """A word's character n-gram indices, remembered: each word's n-grams are looked up once, not
        once per occurrence (without this the character block is slower than the encoder)."""
        cache = self.__dict__.setdefault("_character_cache", {})
        found = cache.get(word)
        if found is None:
            if len(cache) > 200_000:  # a bound for long-running processes fed ever new words
                cache.clear()
            vocabulary = self.vocabulary
            found = cache[word] = np.array([index for term in _word_ngrams(word)
                                            if (index := vocabulary.get(term)) is not None], dtype=np.int64)
        return found

    def fit(self, texts: Sequence[str]) -> TfidfFeatures:
        frequencies: list[Counter[str]] = [Counter(), Counter()]
        for text in texts:
            for frequency, found in zip(frequencies, self._blocks(text, "en"), strict=False):
                frequency.update(set(found))
        kept: list[tuple[str, int]] = []
        for frequency, limit in zip(frequencies, (self.max_terms, self.max_characters), strict=True):
            block = [(term, df) for term, df in frequency.items() if df >= self.min_df]
            block.sort(key=lambda item: (-item[1], item[0]))
            kept += block[:limit]
        self.vocabulary = {term: index for index, (term, _df) in enumerate(kept)}
        self.__dict__.pop("_character_cache", None)  # indices of the previous vocabulary
        n = len(texts)
        self.idf = np.array([np.log((1 + n) / (1 + df)) + 1 for _term, df in kept], dtype=np.float32)
        return self

    def transform(self, texts: Sequence[str], languages: Sequence[str] | None = None,
                  memo: dict | None = None) -> sparse.csr_matrix:
        """One row per text. ``memo``: a dict the caller keeps for this batch of texts, so that the tokens
        and word terms listed for one model are reused by the next (every model of a batch shares them).

        Python only lists each text's terms (a character n-gram's indices once per distinct word);
        looking them up, counting, weighting and the CSR build run over the whole batch at once, in the
        order the per-text loop they replace used, so the matrix is the same to the bit.
        """
        languages = languages or ["en"] * len(texts)
        memo = {} if memo is None else memo
        if "words" not in memo:
            memo["words"] = [tokens(text, language) for text, language in zip(texts, languages, strict=True)]
        words = memo["words"]
        if ("terms", self.opening_clause) not in memo:
            memo["terms", self.opening_clause] = [terms(text, language, self.opening_clause, text_words) for
                                                  text, language, text_words in zip(texts, languages, words, strict=True)]
        found = memo["terms", self.opening_clause]
        flat = list(chain.from_iterable(found))
        cols = np.fromiter(map(self.vocabulary.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        rows = np.repeat(np.arange(len(texts)), [len(text_terms) for text_terms in found])
        known = cols >= 0
        blocks = [(rows[known], cols[known])]
        if self.max_characters:
            flat = list(chain.from_iterable(words))
            distinct = {word: index for index, word in enumerate(dict.fromkeys(flat))}
            token_ids = np.fromiter(map(distinct.__getitem__, flat), dtype=np.int64, count=len(flat))
            blocks.append(self._character_block(list(distinct), token_ids, [len(text_words) for text_words in words]))
        scale = 1.0 / np.sqrt(len(blocks))
        rows, cols, values = zip(*(self._weighted(r, c, scale) for r, c in blocks), strict=True)
        return sparse.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
                                 shape=(len(texts), len(self.vocabulary)), dtype=np.float32)

    def _character_block(self, words: list[str], token_ids: np.ndarray, token_counts: list[int]) -> tuple:
        """(row, column) of every character n-gram occurrence: each distinct word's indices, repeated
        per occurrence with one gather over the batch."""
        per_word = [self._word_characters(word) for word in words]
        lengths = np.array([len(found) for found in per_word], dtype=np.int64)
        flat = np.concatenate(per_word) if per_word else np.zeros(0, dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        taken = lengths[token_ids]
        # Position k of the output is n-gram (k - first output position of its token) of its token's word.
        offsets = np.repeat(starts[token_ids] - (np.cumsum(taken) - taken), taken)
        cols = flat[offsets + np.arange(int(taken.sum()))]
        rows = np.repeat(np.repeat(np.arange(len(token_counts)), token_counts), taken)
        return rows, cols

    def _weighted(self, rows: np.ndarray, cols: np.ndarray, scale: float) -> tuple:
        """Sublinear TF-IDF of one block, L2-normalised per row and scaled.

        ``rows`` ascend and each row's columns come in text order; the norm is summed in the order of
        first occurrence, as the per-text loop did (float sums depend on their order).
        """
        if not len(cols):
            return rows, cols, np.zeros(0, dtype=np.float32)
        keys, first, counts = np.unique(rows * len(self.vocabulary) + cols, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        keys, counts = keys[order], counts[order]
        rows, cols = keys // len(self.vocabulary), keys % len(self.vocabulary)
        weights = (1 + np.log(counts.astype(np.float32))) * self.idf[cols]
        ends = np.flatnonzero(np.diff(rows)) + 1
        squares = np.array([segment.dot(segment) for segment in np.split(weights, ends)], dtype=np.float32)
        per_row = scale / np.sqrt(squares).astype(np.float64)
        weights = (weights.astype(np.float64) * np.repeat(per_row, np.diff(np.r_[0, ends, len(weights)]))).astype(np.float32)
        return rows, cols, weights

    def term_list(self) -> list[str]:
        ordered = [""] * len(self.vocabulary)
        for term, index in self.vocabulary.items():
            ordered[index] = term
        return ordered

    @classmethod
    def from_terms(cls, term_list: list[str], idf: np.ndarray, opening_clause: bool = False) -> TfidfFeatures:
        characters = sum(term.startswith(CHARACTER_MARK) for term in term_list)
        features = cls(max_terms=len(term_list) - characters, opening_clause=opening_clause, max_characters=characters)
        features.vocabulary = {term: index for index, term in enumerate(term_list)}
        features.idf = np.asarray(idf, dtype=np.float32)
        return features
