"""Keyword-in-context snippets: the part of a recommendation around the words a query matched, with those
words marked. Pure Python: no Django.

Why not FTS5 ``snippet()`` or PostgreSQL ``ts_headline``: both index the processed token streams
(lower-cased, accent-free, jieba-split: ``search.text.process``), so either would show that processed
text, not what the recommendation says. Matching the original text's words here with the same stemmer
and folding as the index is one code path for both databases and shows the words as written.

A snippet is a list of ``(text, matched)`` segments; the template escapes each segment and wraps the
matched ones in ``<mark>``, so no text from a recommendation is ever trusted as HTML.
"""

from __future__ import annotations

import re

from aspiration.search.match import closest_sentence, sentences
from aspiration.search.query import And, Not, Or, Phrase, Prefix, Query, Term, parse
from aspiration.search.text import HAN, _jieba, stem, surface_form

# A word of the original text: letters and digits, Arabic marks and tatweel kept inside it.
WORD_IN_TEXT = re.compile(r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640])+")
SNIPPET_CHARS = 320
CONTEXT_BEFORE = 80  # characters shown before the first matched word
ELLIPSIS = "…"

Segments = list[tuple[str, bool]]


def positive_terms(query: Query) -> tuple[set[str], set[str], tuple[str, ...]]:
    """(stems, surface words, prefixes) the query asks for; excluded parts (NOT) are not highlighted."""
    stems: set[str] = set()
    surfaces: set[str] = set()
    prefixes: list[str] = []

    def walk(node) -> None:
        if isinstance(node, Term):
            stems.update(node.stems)
        elif isinstance(node, Phrase):
            surfaces.update(node.words)
        elif isinstance(node, Prefix):
            prefixes.append(node.prefix)
        elif isinstance(node, (And, Or)):
            for child in node.children:
                walk(child)
        # Not: what must not occur is not shown as a match

    for term in query.bag or []:
        walk(term)
    if query.bag is None and not isinstance(query.include, Not):
        walk(query.include)
    return stems, surfaces, tuple(prefixes)


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in WORD_IN_TEXT.finditer(text):
        if HAN.search(match.group()):  # Chinese: jieba's words, with their offsets in the run
            spans.extend((match.start() + start, match.start() + end) for _w, start, end in _jieba().tokenize(match.group()))
        else:
            spans.append(match.span())
    return spans


def matched_spans(text: str, query: Query, language: str | None) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` that the query's terms, phrases or prefixes match."""
    stems, surfaces, prefixes = positive_terms(query)
    if not (stems or surfaces or prefixes):
        return []
    found = []
    for start, end in _word_spans(text):
        word = text[start:end]
        surface = surface_form(word)
        if (surface in surfaces or (prefixes and surface.startswith(prefixes))
                or (stems and stem(word.casefold(), language or "en") in stems)):
            found.append((start, end))
    return found


def snippet(text: str, spans: list[tuple[int, int]], limit: int = SNIPPET_CHARS) -> Segments:
    """The window of ``text`` around the first matched span (the text's start if none), split into segments."""
    start = 0
    if spans and spans[0][0] > CONTEXT_BEFORE and len(text) > limit:
        start = _word_start(text, spans[0][0] - CONTEXT_BEFORE)
    end = len(text) if len(text) - start <= limit else _word_end(text, start + limit)
    segments: Segments = [(ELLIPSIS, False)] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start > position:
            segments.append((text[position:span_start], False))
        segments.append((text[span_start:span_end], True))
        position = span_end
    if position < end:
        segments.append((text[position:end], False))
    if end < len(text):
        segments.append((ELLIPSIS, False))
    return segments


def _word_start(text: str, index: int) -> int:
    """``index`` moved forward to the start of a word (a Chinese text may be cut anywhere)."""
    space = text.find(" ", index)
    return index if space < 0 or space - index > 20 else space + 1


def _word_end(text: str, index: int) -> int:
    space = text.rfind(" ", 0, index)
    return index if space < 0 or index - space > 20 else space


def keyword_snippet(text: str, query: Query, language: str | None, limit: int = SNIPPET_CHARS) -> Segments:
    return snippet(text, matched_spans(text, query, language), limit)


def sentence_snippet(sentence: str, limit: int = SNIPPET_CHARS) -> Segments:
    """A semantic result's sentence closest to the query, marked whole (it is what matched the meaning)."""
    return snippet(sentence, [(0, len(sentence))], limit)


def as_html(segments: Segments) -> str:
    """The segments as HTML for the API: every text escaped, matched words in ``<mark>``."""
    from html import escape

    return "".join(f"<mark>{escape(part)}</mark>" if matched else escape(part) for part, matched in segments)


def result_snippets(texts: dict[int, tuple[str, str]], query_text: str, mode: str) -> dict[int, Segments]:
    """The snippet of each result (``{id: (text, language)}``): its words the query matched, or, for a semantic
    or hybrid result without such words, its sentence closest to the query (by the encoder's vectors)."""
    query = parse(query_text)
    found: dict[int, Segments] = {}
    unmatched: dict[int, list[str]] = {}
    for rec_id, (text, language) in texts.items():
        spans = matched_spans(text, query, language)
        if spans or mode == "keyword" or not query_text.strip():
            found[rec_id] = snippet(text, spans)
        else:
            unmatched[rec_id] = sentences(text) or [text]
    if unmatched:
        from aspiration.nlp.embedding import default_embedder

        flat = [sentence for parts in unmatched.values() for sentence in parts]
        embedder = default_embedder()
        vectors = embedder.embed(flat)
        query_vector = embedder.embed([query_text])[0]
        position = 0
        for rec_id, parts in unmatched.items():
            best, _score = closest_sentence(query_vector, vectors[position:position + len(parts)])
            found[rec_id] = sentence_snippet(parts[best])
            position += len(parts)
    return found
