"""TF-IDF features over word unigrams and bigrams, stored as plain arrays (no pickles).

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


class TfidfFeatures:
    """Sublinear TF-IDF with L2 normalisation over the ``max_terms`` most frequent terms."""

    def __init__(self, max_terms: int = 30000, min_df: int = 2, opening_clause: bool = False):
        self.max_terms = max_terms
        self.min_df = min_df
        self.opening_clause = opening_clause
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float32)

    def fit(self, texts: Sequence[str]) -> TfidfFeatures:
        document_frequency: Counter[str] = Counter()
        for text in texts:
            document_frequency.update(set(terms(text, opening_clause=self.opening_clause)))
        kept = [(term, df) for term, df in document_frequency.items() if df >= self.min_df]
        kept.sort(key=lambda item: (-item[1], item[0]))
        kept = kept[: self.max_terms]
        self.vocabulary = {term: index for index, (term, _df) in enumerate(kept)}
        n = len(texts)
        self.idf = np.array([np.log((1 + n) / (1 + df)) + 1 for _term, df in kept], dtype=np.float32)
        return self

    def transform(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> sparse.csr_matrix:
        rows, cols, values = [], [], []
        for row, text in enumerate(texts):
            language = languages[row] if languages else "en"
            found = terms(text, language, self.opening_clause)
            counts = Counter(index for term in found if (index := self.vocabulary.get(term)) is not None)
            if not counts:
                continue
            indices = np.fromiter(counts.keys(), dtype=np.int64)
            weights = (1 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * self.idf[indices]
            weights /= np.linalg.norm(weights)
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
        features = cls(max_terms=len(term_list), opening_clause=opening_clause)
        features.vocabulary = {term: index for index, term in enumerate(term_list)}
        features.idf = np.asarray(idf, dtype=np.float32)
        return features
