"""Text processing shared by documents and queries. Pure Python: no Django imports.

Every text becomes two token streams:
- ``surface``: lower-cased, accent-free, Arabic-normalised words (used by "exact phrases" and prefix*);
- ``stems``: the same words reduced by a Snowball stemmer chosen by script and language
  (used by plain terms, so "discriminations" finds "discrimination").
Chinese runs are segmented into words with jieba. Documents and queries go through the same code.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from aspiration.reference.languages import language_code

# A word is a run of letters/digits; underscores and punctuation separate words (FTS5 and PG agree).
WORD = re.compile(r"[^\W_]+")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # tashkeel, Quranic marks, tatweel
ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"})

LATIN_STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}
# Queries rarely say their language: a Latin word is matched against its stem in each of these.
QUERY_LATIN_LANGUAGES = ("en", "fr", "es")


_stemmers = threading.local()


def _stemmer(algorithm: str):
    """One stemmer per thread and algorithm: a Snowball stemmer keeps the word it works on in itself, so two
    server threads sharing one corrupt each other's words (seen under load as IndexError in a search)."""
    mine = _stemmers.__dict__.setdefault("by_algorithm", {})
    if algorithm not in mine:
        mine[algorithm] = snowballstemmer.stemmer(algorithm)
    return mine[algorithm]


def base_language(language: str | None) -> str:
    """The stemmer's language: the code's base language (``aspiration.reference.languages``), English if none."""
    return language_code(language) or "en"


def strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize("NFKC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def fold_arabic(word: str) -> str:
    return word.translate(ARABIC_FOLD)


# Word forms repeat (Zipf): caching per word makes indexing several times faster.
@lru_cache(maxsize=200_000)
def surface_form(word: str) -> str:
    """Case-, accent- and Arabic-variant-insensitive form of one word."""
    word = ARABIC_MARKS.sub("", word.casefold())
    if ARABIC.search(word):
        return fold_arabic(word)
    return strip_accents(word)


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """Stem one lower-cased word (with its accents still on, as Snowball expects), then fold it."""
    if HAN.search(word):
        return word
    if ARABIC.search(word):
        # Fold letter variants first so "المراة" and "المرأة" reach the stemmer as the same word.
        return fold_arabic(_stemmer("arabic").stemWord(fold_arabic(word)))
    if CYRILLIC.search(word):
        return strip_accents(_stemmer("russian").stemWord(word.replace("ё", "е")))
    algorithm = LATIN_STEMMERS.get(base_language(language), "english")
    return strip_accents(_stemmer(algorithm).stemWord(word))


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def words(text: str) -> list[str]:
    """Lower-cased words with Arabic marks removed; Chinese runs split into words."""
    text = unicodedata.normalize("NFC", ARABIC_MARKS.sub("", text or "")).casefold()
    result: list[str] = []
    for match in WORD.finditer(text):
        token = match.group()
        if HAN.search(token):
            result.extend(w for piece in _jieba().cut(token) for w in WORD.findall(piece))
        else:
            result.append(token)
    return result


@dataclass(frozen=True)
class Processed:
    surface: str
    stems: str


def process(text: str, language: str | None = "en") -> Processed:
    """The two indexed token streams of a document (space-separated, position-aligned)."""
    tokens = words(text)
    return Processed(
        surface=" ".join(surface_form(t) for t in tokens),
        stems=" ".join(stem(t, language or "en") for t in tokens),
    )


def query_stems(word: str, language: str | None = None) -> list[str]:
    """The stems a query word may have in documents: one per candidate language, deduplicated."""
    if language:
        return [stem(word, language)]
    if HAN.search(word) or ARABIC.search(word) or CYRILLIC.search(word):
        return [stem(word, "en")]
    return _unique(stem(word, lang) for lang in QUERY_LATIN_LANGUAGES)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
