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


# The n-grams and buckets of scikit-learn's HashingVectorizer (char_wb 2-5 and word 1-3, lowercased, signed
# 32-bit MurmurHash3 with seed 0, |h| mod n), which the shipped weights were trained on, computed here for a
# whole batch at once in numpy: importing scikit-learn was 0.8 CPU-s of the scoring command's start-up and its
# per-n-gram Python loop the largest lexical cost. Equality with scikit-learn is checked in the tests.
_TOKEN = re.compile(r"(?u)\b\w+\b")


def _murmur3(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3 (x86, 32-bit, seed 0) of the byte spans ``buffer[start:start + length]``, as signed int32."""
    b = np.concatenate([buffer, np.zeros(4, np.uint8)]).astype(np.uint32)
    words = b[:-3] | (b[1:-2] << 8) | (b[2:-1] << 16) | (b[3:] << 24)   # the little-endian block at each byte
    c1, c2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
    h = np.zeros(len(starts), np.uint32)
    blocks = lengths // 4
    active, j = np.arange(len(starts)), 0
    while (active := active[blocks[active] > j]).size:
        k = words[starts[active] + 4 * j] * c1
        k = ((k << 15) | (k >> 17)) * c2
        x = h[active] ^ k
        h[active] = ((x << 13) | (x >> 19)) * np.uint32(5) + np.uint32(0xE6546B64)
        j += 1
    tail = (lengths & 3).astype(np.uint32)
    t = np.flatnonzero(tail)
    k = (words[starts[t] + 4 * blocks[t]] & ((np.uint32(1) << (tail[t] * np.uint32(8))) - np.uint32(1))) * c1
    h[t] ^= ((k << 15) | (k >> 17)) * c2
    h ^= lengths.astype(np.uint32)
    h ^= h >> 16
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> 13
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> 16
    return h.view(np.int32)


def _buckets(buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray, n_features: int) -> np.ndarray:
    h = _murmur3(buffer, starts, ends - starts).astype(np.int64)
    return np.where(h == -2**31, (2**31 - 1 - (n_features - 1)) % n_features, np.abs(h) % n_features)


def _joined(pieces: list[list[str]], template: str) -> tuple[np.ndarray, ...]:
    """Every text's pieces, each written as ``template`` (e.g. " {} "), in one UTF-8 buffer: (buffer, byte
    offset of each character, start character and length of each piece, text of each piece)."""
    flat = [piece for text in pieces for piece in text]
    joined = "".join(template.format(piece) for piece in flat)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32)
    offsets = np.zeros(len(codes) + 1, np.int64)
    np.cumsum(1 + (codes >= 0x80).astype(np.int64) + (codes >= 0x800) + (codes >= 0x10000), out=offsets[1:])
    lengths = np.fromiter(map(len, flat), np.int64, len(flat)) + len(template) - 2
    starts = np.zeros(len(flat), np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    text_of = np.repeat(np.arange(len(pieces)), np.fromiter(map(len, pieces), np.int64, len(pieces)))
    return np.frombuffer(joined.encode("utf-8", "surrogatepass"), np.uint8), offsets, starts, lengths, text_of


def _char_ngrams(lowered: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text, bucket) of each character 2-5-gram inside a space-padded word (a word shorter than n once)."""
    buffer, offsets, starts, lengths, text_of = _joined([text.split() for text in lowered], " {} ")
    rows, cols = [], []
    for n in range(2, 6):
        words = np.flatnonzero(lengths >= n)
        counts = lengths[words] - n + 1
        first = np.repeat(np.cumsum(counts) - counts, counts)
        begin = np.repeat(starts[words], counts) + np.arange(int(counts.sum())) - first
        cols.append(_buckets(buffer, offsets[begin], offsets[begin + n], CHAR_FEATURES))
        rows.append(np.repeat(text_of[words], counts))
    return np.concatenate(rows), np.concatenate(cols)


def _word_ngrams(lowered: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text, bucket) of each word 1-3-gram (words joined by one space)."""
    buffer, offsets, starts, lengths, text_of = _joined([_TOKEN.findall(text) for text in lowered], "{} ")
    words = lengths - 1   # without the separating space
    rows, cols = [], []
    for n in range(1, 4):
        first = np.flatnonzero(text_of[n - 1:] == text_of[:len(text_of) - n + 1])   # n words of the same text
        last = first + n - 1
        cols.append(_buckets(buffer, offsets[starts[first]], offsets[starts[last] + words[last]], WORD_FEATURES))
        rows.append(text_of[first])
    return np.concatenate(rows), np.concatenate(cols)


def lexical_counts(cleaned: Sequence[str]) -> sparse.csr_matrix:
    """Hashed counts of character 2-5-grams and word 1-3-grams, side by side, of ``normalise``d texts (the
    scorer normalises each text once, for these and for the encoder)."""
    lowered = [t.lower() for t in cleaned]
    char_rows, char_cols = _char_ngrams(lowered)
    word_rows, word_cols = _word_ngrams(lowered)
    rows, cols = np.concatenate([char_rows, word_rows]), np.concatenate([char_cols, word_cols + CHAR_FEATURES])
    counts = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(cleaned), HASH_FEATURES))
    counts.sum_duplicates()
    return counts


def fit_idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency per hash bucket (shipped with the model)."""
    documents = counts.shape[0]
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + documents) / (1 + frequency)) + 1).astype(np.float32)


def lexical_features(cleaned: Sequence[str], idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf-idf over both hashed spaces, L2-normalised per (``normalise``d) text."""
    x = lexical_counts(cleaned)
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
