"""Lexical side of the scorer: text normalisation, hashed character n-grams, cue terms, language guess.

Character n-grams (not words) so that Chinese and Arabic need no tokeniser and spelling variants
still share features. Hashing keeps the model a fixed-size numpy array with no vocabulary to ship.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from . import LANGUAGES

CHAR_FEATURES, WORD_FEATURES = 2**18, 2**17
HASH_FEATURES = CHAR_FEATURES + WORD_FEATURES
_URL = re.compile(r"https?://\S+|www\.\S+|\[URL\]", re.IGNORECASE)
_MENTION = re.compile(r"@\w+|\[USER\]")
_SPACE = re.compile(r"\s+")
CUES_FILE = Path(__file__).with_name("cues.json")


# Spelling variants that evade keyword filters, undone before both the encoder and the n-grams see the text:
# digits or symbols standing for the letter they look like (between two letters, in the letters' script),
# letters spaced out (three or more single letters in a row), and a letter stretched inside a word that has
# other letters too ("haaate"; a word of one repeated letter, such as laughter or "III", is left alone).
_LOOKALIKE = {"latin": str.maketrans("013457@$", "oieastas"), "cyrillic": str.maketrans("0346@$", "озчбас")}
_LETTER = r"[^\W\d_]"
_INNER_SYMBOL = re.compile(rf"(?<={_LETTER})[0134567@$](?={_LETTER})")
_SPACED = re.compile(rf"(?<!\w)(?:{_LETTER}[ .\-]){{2,}}{_LETTER}(?!\w)")
_WORD = re.compile(r"\w+")
_RUN = re.compile(rf"({_LETTER})\1{{2,}}")


def _lookalike(match: re.Match) -> str:
    before = match.string[match.start() - 1]
    script = "cyrillic" if "\u0400" <= before <= "\u04ff" else "latin"
    return match.group().translate(_LOOKALIKE[script])


def _unstretched(match: re.Match) -> str:
    word = match.group()
    return _RUN.sub(r"\1", word) if len(set(word)) > 1 else word


def undo_spelling_variants(text: str) -> str:
    text = _SPACED.sub(lambda m: re.sub(r"[ .\-]", "", m.group()), text)
    for _ in range(2):  # "h4t3" needs a second pass once its first digit is a letter again
        text = _INNER_SYMBOL.sub(_lookalike, text)
    return _WORD.sub(_unstretched, text) if _RUN.search(text) else text


def normalise(text: str) -> str:
    """Same form for training and scoring: no URLs or handles (they carry no meaning and leak identity),
    spelling variants undone (first, so that "f@g" is not taken for a handle)."""
    text = undo_spelling_variants(_URL.sub("http", text))
    return _SPACE.sub(" ", _MENTION.sub("@user", text)).strip()


@cache
def _vectorizers() -> tuple[HashingVectorizer, HashingVectorizer]:
    common = {"alternate_sign": False, "norm": None, "lowercase": True, "dtype": np.float32}
    return (HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=CHAR_FEATURES, **common),
            HashingVectorizer(analyzer="word", ngram_range=(1, 3), n_features=WORD_FEATURES,
                              token_pattern=r"(?u)\b\w+\b", **common))


def lexical_counts(texts: Sequence[str]) -> sparse.csr_matrix:
    """Hashed counts of character 2-5-grams and word 1-3-grams, side by side."""
    cleaned = [normalise(t) for t in texts]
    chars, words = _vectorizers()
    return sparse.hstack([chars.transform(cleaned), words.transform(cleaned)], format="csr", dtype=np.float32)


def fit_idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency per hash bucket (shipped with the model)."""
    documents = counts.shape[0]
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + documents) / (1 + frequency)) + 1).astype(np.float32)


def lexical_features(texts: Sequence[str], idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf-idf over both hashed spaces, L2-normalised per text."""
    x = lexical_counts(texts)
    x.data = 1 + np.log(x.data)
    x = x.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    return sparse.diags(1 / np.maximum(norms, 1e-12)) @ x


@cache
def cue_terms() -> dict[str, dict[str, list[str]]]:
    """{category: {language: [cue terms]}}: shown as reasons, never used alone to flag."""
    return json.loads(CUES_FILE.read_text(encoding="utf-8"))


def matched_cues(text: str, category: str) -> list[str]:
    lowered = text.lower()
    return sorted({term for terms in cue_terms().get(category, {}).values() for term in terms if term in lowered})


@cache
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def guess_language(text: str) -> str:
    """One of the six UN languages (the scorer only knows those)."""
    return _language_identifier().classify(text)[0]
