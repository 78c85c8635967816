"""TF-IDF features over word unigrams and bigrams (and, optionally, character n-grams), stored as
plain arrays (no pickles).

Written here rather than taken from scikit-learn's vectoriser so that a saved model is a
vocabulary list and an idf vector, and prediction needs only numpy and scipy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from aspiration.nlp.text import tokens

# Where a recommendation's first clause ends: what follows is the detail, not the kind of action asked for.
_CLAUSE_END = re.compile(r"[,;:]| in order to | with a view to ")


def terms(text: str, language: str = "en", opening_clause: bool = False) -> list[str]:
    """Unigrams and bigrams of the text's word tokens, plus its opening word and word pair.

    A recommendation's opening verb says much about how specific it is ("Consider ratifying",
    "Continue", "Take measures", "Adopt a law"): position matters, so it gets its own feature.
    ``opening_clause`` adds the opening three words and the words of the first clause (up to
    eight), marked as such: what is asked ("Adopt", "Consider", "Continue efforts") is there.
    """
    words = tokens(text, language)
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

    def _indices(self, text: str, language: str) -> list[list[int]]:
        """Vocabulary indices of the text's terms, one list per block."""
        vocabulary = self.vocabulary
        blocks = [[index for term in terms(text, language, self.opening_clause)
                   if (index := vocabulary.get(term)) is not None]]
        if self.max_characters:
            blocks.append([index for word in tokens(text, language) for index in self._word_characters(word)])
        return blocks

    def _word_characters(self, word: str) -> list[int]:
        """A word's character n-gram indices, remembered: each word's n-grams are looked up once, not
        once per occurrence (without this the character block is slower than the encoder)."""
        cache = self.__dict__.setdefault("_character_cache", {})
        found = cache.get(word)
        if found is None:
            if len(cache) > 200_000:  # a bound for long-running processes fed ever new words
                cache.clear()
            vocabulary = self.vocabulary
            found = cache[word] = [index for term in _word_ngrams(word) if (index := vocabulary.get(term)) is not None]
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

    def transform(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> sparse.csr_matrix:
        rows, cols, values = [], [], []
        for row, text in enumerate(texts):
            language = languages[row] if languages else "en"
            blocks = self._indices(text, language)
            scale = 1.0 / np.sqrt(len(blocks))
            for found in blocks:
                counts = Counter(found)
                if not counts:
                    continue
                indices = np.fromiter(counts.keys(), dtype=np.int64)
                weights = (1 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * self.idf[indices]
                weights *= scale / np.linalg.norm(weights)
                rows.extend([row] * len(indices))
                cols.extend(indices.tolist())
                values.extend(weights.tolist())
        return sparse.csr_matrix((values, (rows, cols)), shape=(len(texts), len(self.vocabulary)), dtype=np.float32)

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
