"""Did you mean: a misspelt query word replaced by the most frequent indexed word one or two edits away.

The vocabulary is the index's own (``surface`` words: lower-cased, accent-free, Arabic-folded), so a
suggestion is always a word some recommendation contains. ``suggest`` and ``suggest_query`` are pure;
``index_vocabulary`` reads and caches the words of the index.
"""

from __future__ import annotations

import re
import threading
from collections import Counter

from aspiration.search.text import HAN, surface_form

# Words this short have too many neighbours one edit away for a guess to be right often.
MIN_WORD = 4
# One edit for words up to this length, two beyond.
ONE_EDIT_UP_TO = 5
PLAIN_WORD = re.compile(r"^[^\W\d_]+$")
OPERATORS = {"AND", "OR", "NOT"}
LATIN = "abcdefghijklmnopqrstuvwxyz"


def _edits(word: str, alphabet: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return deletes | swaps | replaces | inserts


def suggest(word: str, vocabulary: dict[str, int]) -> str | None:
    """The most frequent vocabulary word closest to ``word`` (1 edit, or 2 for longer words), or None when the
    word is known, too short, not a plain word, or has no close neighbour."""
    folded = surface_form(word)
    if folded in vocabulary or len(folded) < MIN_WORD or not PLAIN_WORD.match(folded) or HAN.search(folded):
        return None
    # Latin words are folded to ASCII; other scripts are tried with the word's own letters.
    alphabet = "".join(sorted(set(folded) | (set(LATIN) if folded.isascii() else set())))
    one = _edits(folded, alphabet)
    found = [w for w in one if w in vocabulary]
    if not found and len(folded) > ONE_EDIT_UP_TO:
        found = [w for edit in one for w in _edits(edit, alphabet) if w in vocabulary]
    return max(found, key=lambda w: (vocabulary[w], w)) if found else None


def suggest_query(text: str, vocabulary: dict[str, int]) -> str | None:
    """``text`` with each misspelt plain word replaced, or None if nothing was replaced."""
    changed = False
    out = []
    for token in text.split(" "):
        bare = token.strip('"()-*')
        replacement = None if bare in OPERATORS or not bare else suggest(bare, vocabulary)
        if replacement:
            token = token.replace(bare, replacement)
            changed = True
        out.append(token)
    return " ".join(out) if changed else None


_cache: dict[tuple, dict[str, int]] = {}
_lock = threading.Lock()


def index_vocabulary() -> dict[str, int]:
    """Every indexed surface word and in how many recommendations it occurs; re-read when the index changed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(recommendation_id) FROM search_indexentry")
        stamp = (connection.alias, connection.settings_dict.get("NAME"), *cursor.fetchone())
        with _lock:
            if stamp in _cache:
                return _cache[stamp]
        cursor.execute("SELECT surface FROM search_indexentry")
        counts: Counter[str] = Counter()
        for (surface,) in cursor.fetchall():
            counts.update(set(surface.split()))
    with _lock:
        _cache.clear()
        _cache[stamp] = dict(counts)
    return _cache[stamp]
