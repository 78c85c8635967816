"""The search engine: keyword (FTS5 or PostgreSQL full text), semantic (vectors) and hybrid search
with facet counts, filters, sorting, pagination and near-duplicate collapsing.

One code path for both databases: matching yields (recommendation id, score) pairs, from the database's
full-text index or from the vectors; everything after it (filters, counts, collapsing near-duplicates,
ordering and paging) runs in numpy over the facet arrays (``facets.FacetIndex``), which hold each row's
facet values, date and cluster. Only matching differs by ``connection.vendor``. Nothing is written per
query: at 300,000 recommendations, writing a broad query's matches into a table to group and page them
in SQL cost more than the matching itself.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.db import connection

from aspiration.search import facets as facet_sql
from aspiration.search import indexer, match_terms, vectors
from aspiration.search.query import MAX_BAG_TERMS, Query, Term, parse, to_fts5, to_tsquery
from aspiration.search.text import words

MODES = ("keyword", "semantic", "hybrid")
SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 200
MAX_PAGE = 10000
MAX_QUERY_CHARS = 2000
# Semantic search returns at most this many nearest recommendations, and only those at least
# this similar (multilingual USE cosine): below it the neighbours stop being about the same thing.
SEMANTIC_CANDIDATES = 500
SEMANTIC_MIN_SCORE = 0.3
# A query of at most this many words is searched by meaning with the mean of its own vector and that of its
# English rendering through the term table (match_terms): the encoder places a lone foreign word far less
# reliably than a sentence ("酷刑", torture, lands nearer the death penalty than torture), and in English, the
# language of most recommendations, the same word is placed well. On 30 one- to three-word queries in five
# languages (docs/benchmarks.md) the share of the first ten results about the concept went from 0.84 to 0.94.
SHORT_QUERY_WORDS = 3
# Reciprocal-rank fusion constant (Cormack et al. 2009) and how deep each list is fused.
RRF_K = 60
HYBRID_DEPTH = 500
# A long text's terms (see query.bag_of_terms): a recommendation must contain this share of them (at
# least two, or all when fewer); terms found in more than this share of recommendations carry too
# little to be worth matching ("ensure", "rights"). BM25's k1 and b, with each term counted once.
BAG_MIN_MATCH = 0.3
BAG_MAX_DF = 0.2
BM25_K1, BM25_B = 1.2, 0.75
# How long the corpus's size and mean length (BM25's) are reused before they are read again.
LENGTHS_SECONDS = 120


@dataclass
class SearchQuery:
    text: str = ""
    mode: str = "keyword"
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    collapse_duplicates: bool = True
    language: str | None = None  # the query's language, when known: narrows stemming
    with_facets: bool = True
    vector: np.ndarray | None = None  # the text's embedding, when the caller has it (batch matching)
    # Only recommendations stored after this moment (a saved search's digest lists what is new).
    created_after: datetime | None = None


@dataclass
class Hit:
    recommendation_id: int
    score: float
    cluster_id: int | None
    cluster_size: int


@dataclass
class SearchResult:
    count: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    mode: str = "keyword"  # the mode actually used (semantic falls back to keyword without vectors)
    notes: list[str] = field(default_factory=list)
    matched: int = 0  # recommendations matched, near-duplicates included (``count`` counts each cluster once)


class SearchError(ValueError):
    """Bad input: unknown mode, sort or facet, page out of range."""


def validate(query: SearchQuery) -> None:
    if query.mode not in MODES:
        raise SearchError(f"mode must be one of {', '.join(MODES)}")
    if query.sort not in SORTS:
        raise SearchError(f"sort must be one of {', '.join(SORTS)}")
    if not isinstance(query.page, int) or not 1 <= query.page <= MAX_PAGE:
        raise SearchError(f"page must be a whole number from 1 to {MAX_PAGE}")
    if len(query.text) > MAX_QUERY_CHARS:
        raise SearchError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if not isinstance(query.page_size, int) or not 1 <= query.page_size <= MAX_PAGE_SIZE:
        raise SearchError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    unknown = set(query.filters) - set(facet_sql.FACETS)
    if unknown:
        raise SearchError(f"unknown facet(s): {', '.join(sorted(unknown))}")


def search(query: SearchQuery) -> SearchResult:
    # No index work here: requests only read the index. Concurrent requests indexing the same new
    # rows collided during imports; ``aspiration index``, setup and import jobs run the indexer.
    validate(query)
    index = facet_sql.current()
    try:
        allowed = facet_sql.filter_mask(index, query.filters)
    except facet_sql.FilterError as error:
        raise SearchError(str(error)) from error
    if query.created_after is not None:
        newer = _ids("SELECT id FROM corpus_recommendation WHERE created_at > %s", [query.created_after])
        recent = np.zeros(len(index.ids), dtype=bool)
        recent[index.positions(newer)] = True
        allowed = recent if allowed is None else allowed & recent
    notes: list[str] = []
    mode = query.mode if query.text.strip() else "keyword"
    if mode != "keyword" and not len(_store()):
        notes.append("semantic index not built yet (run `aspiration index`): keyword results shown")
        mode = "keyword"
    parsed = parse(query.text, query.language)
    scores: np.ndarray | None = None  # None: nothing ranks the rows (no words), newest first
    everything = False  # every row, unranked: browsing with no filter
    if parsed.empty and parsed.bag is None:
        mode, notes, everything = "keyword", [], allowed is None
        positions = np.arange(len(index.ids)) if allowed is None else np.flatnonzero(allowed)
    elif mode == "keyword":
        positions, scores, _coverage = _keyword(index, parsed, allowed)
    elif mode == "semantic":
        positions, scores = _semantic(index, query, allowed)
    else:
        positions, scores = _hybrid(index, parsed, query, allowed)
    facets = {}
    if query.with_facets:
        # Browsing everything: the arrays' totals, counted once per change.
        facets = facet_sql.facet_counts() if everything else facet_sql.counts_at(index, positions)
    count, hits = _page(index, positions, scores, query, reuse=everything)
    return SearchResult(count=count, hits=hits, facets=facets, mode=mode, notes=notes, matched=len(positions))


# --- matching: (positions in the facet arrays, scores) ---------------------------------------------

def _rows(sql: str, params: list | tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _ids(sql: str, params: list | tuple = ()) -> np.ndarray:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return np.fromiter((row[0] for row in cursor), dtype=np.int64)


def _scored(sql: str, params: list | tuple = ()) -> tuple[np.ndarray, np.ndarray]:
    """An (id, score) query's rows as two arrays, built by numpy rather than row by row."""
    rows = _rows(sql, params)
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    pairs = np.array(rows, dtype=np.float64)
    return pairs[:, 0].astype(np.int64), pairs[:, 1]


def _at(index: facet_sql.FacetIndex, ids: np.ndarray, scores: np.ndarray,
        allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Matched ids as positions in the arrays, keeping the rows that exist and that the filters let through."""
    if not len(ids) or not len(index.ids):
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    where = np.searchsorted(index.ids, ids).clip(0, len(index.ids) - 1)
    keep = index.ids[where] == ids
    if allowed is not None:
        keep &= allowed[where]
    return where[keep], scores[keep]


def _keyword(index: facet_sql.FacetIndex, parsed: Query,
             allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None, float]:
    """The keyword matches, their scores (None when no words rank them) and the share of the query's terms
    the index knows (1.0 for a boolean query)."""
    if parsed.bag is not None:
        ids, scores, coverage = _bag(parsed.bag)
        return (*_at(index, ids, scores, allowed), coverage)
    postgres = connection.vendor == "postgresql"
    ranked = parsed.include is not None
    if ranked and postgres:
        ids, scores = _scored("SELECT recommendation_id, ts_rank(tsv, %s::tsquery) FROM search_indexentry"
                              " WHERE tsv @@ %s::tsquery", [to_tsquery(parsed.include)] * 2)
    elif ranked:
        ids, scores = _scored("SELECT rowid, -bm25(search_fts) FROM search_fts WHERE search_fts MATCH %s",
                              [to_fts5(parsed.include)])
    else:  # only exclusions: every recommendation but those
        ids, scores = index.ids, np.zeros(len(index.ids))
    if parsed.excluded is not None:
        select, parameter = _match_sql(parsed.excluded)
        excluded = _ids(select, [parameter])
        kept = ~np.isin(ids, excluded)
        ids, scores = ids[kept], scores[kept]
    positions, scores = _at(index, ids, scores, allowed)
    return positions, (scores if ranked else None), 1.0


def _match_sql(node: object) -> tuple[str, str]:
    """SELECT of the ids of the recommendations matching a term (any of its stems) or a boolean query, and its
    parameter."""
    if connection.vendor == "postgresql":
        return "SELECT recommendation_id AS id FROM search_indexentry WHERE tsv @@ %s::tsquery", to_tsquery(node)
    return "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s", to_fts5(node)


_length_cache: dict[tuple, tuple[float, int, float]] = {}


def _corpus_lengths() -> tuple[int, float]:
    """How many recommendations are indexed and their mean processed length, re-read every few minutes
    (a full scan at 300k rows: too slow for every query, and both drift slowly)."""
    key = (connection.alias, connection.settings_dict.get("NAME"))
    cached = _length_cache.get(key)
    if cached is None or time.monotonic() - cached[0] > LENGTHS_SECONDS:
        total, mean = _rows("SELECT COUNT(*), AVG(LENGTH(stems)) FROM search_indexentry")[0]
        cached = (time.monotonic(), int(total or 0), float(mean or 1.0))
        _length_cache[key] = cached
    return cached[1], cached[2]


def _bag(terms: list[Term]) -> tuple[np.ndarray, np.ndarray, float]:
    """BM25-style OR of a long text's terms with a minimum should-match, computed alike on both databases.

    Each term's document frequency gives its weight (BM25 idf); the terms too common to tell
    recommendations apart are dropped, and the rarest ``MAX_BAG_TERMS`` kept. A recommendation scores
    the sum of the weights of the terms it contains, normalised by its length, and counts only if it
    contains at least ``BAG_MIN_MATCH`` of the terms. Returns the matches, their scores and the share of
    the terms found in the index at all: a text in another language than the corpus shares few words with it (hybrid trusts the
    keyword ranking that much less).
    """
    total, mean_length = _corpus_lengths()
    none = np.zeros(0, dtype=np.int64), np.zeros(0)
    if not total:
        return *none, 0.0
    weighted, known = [], 0
    for term in terms:
        select, parameter = _match_sql(term)
        (df,) = _rows(f"SELECT COUNT(*) FROM ({select}) t", [parameter])[0]
        known += df > 0
        if 0 < df <= max(1, BAG_MAX_DF * total):
            weighted.append((df, term))
    weighted = sorted(weighted, key=lambda pair: pair[0])[:MAX_BAG_TERMS]
    if not weighted:
        return *none, known / len(terms)
    needed = len(weighted) if len(weighted) <= 2 else max(2, math.ceil(BAG_MIN_MATCH * len(weighted)))
    unions, union_params = [], []
    for df, term in weighted:
        select, parameter = _match_sql(term)
        unions.append(select.replace(" AS id ", " AS id, %s AS w ", 1))
        union_params += [math.log(1 + (total - df + 0.5) / (df + 0.5)), parameter]
    norm = f"({BM25_K1 + 1} / (1 + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * LENGTH(e.stems) / {mean_length!r})))"
    ids, scores = _scored(
        f"SELECT b.id, b.score * {norm} FROM (SELECT id, SUM(w) AS score FROM ({' UNION ALL '.join(unions)}) u"
        " GROUP BY id HAVING COUNT(*) >= %s) b JOIN search_indexentry e ON e.recommendation_id = b.id",
        union_params + [needed])
    return ids, scores, known / len(terms)


def _store() -> vectors.VectorStore:
    return vectors.cached(indexer.store_dir())


def embed_query(text: str) -> np.ndarray:
    from aspiration.nlp.embedding import default_embedder

    return default_embedder().embed([text])[0]


def query_vector(text: str, language: str | None = None) -> np.ndarray:
    """The vector a query is searched with by meaning: its embedding, and for a short query in a language the term
    table covers, the normalised mean of that and its English rendering's embedding (see SHORT_QUERY_WORDS)."""
    from aspiration.nlp.embedding import default_embedder

    english = match_terms.english_rendering(text, language) if len(words(text)) <= SHORT_QUERY_WORDS else None
    if english is None or english == text:
        return embed_query(text)
    both = default_embedder().embed([text, english]).sum(axis=0)
    return both / np.linalg.norm(both)


# The vector store's row of each facet-array row (None: the same rows), kept for one arrays and store pair: a
# filter's rows are then read off, where searching a broad filter's ids in the store cost 20-35 ms at 300,000.
_vector_rows: dict[str, tuple[facet_sql.FacetIndex, vectors.VectorStore, np.ndarray | None]] = {}


def _store_rows(index: facet_sql.FacetIndex, store: vectors.VectorStore, allowed: np.ndarray) -> np.ndarray:
    """The store's rows of the facet-array rows ``allowed`` lets through (those that have a vector)."""
    kept = _vector_rows.get("rows")
    if kept is None or kept[0] is not index or kept[1] is not store:
        same = len(index.ids) == len(store.ids) and np.array_equal(index.ids, store.ids)
        kept = (index, store, None if same else store.positions(index.ids))
        _vector_rows["rows"] = kept
    if kept[2] is None:
        return np.flatnonzero(allowed)
    rows = kept[2][allowed]
    return rows[rows >= 0]


def _semantic(index: facet_sql.FacetIndex, query: SearchQuery, allowed: np.ndarray | None,
              depth: int = SEMANTIC_CANDIDATES) -> tuple[np.ndarray, np.ndarray]:
    vector = query_vector(query.text, query.language) if query.vector is None else query.vector
    store = _store()
    rows = None if allowed is None else _store_rows(index, store, allowed)
    ids, scores = store.nearest(vector, depth, rows=rows, min_score=SEMANTIC_MIN_SCORE)
    return _at(index, ids, scores, allowed)


def _best(positions: np.ndarray, scores: np.ndarray | None, depth: int) -> np.ndarray:
    """The ``depth`` best-scored positions, best first, ties by id (positions follow ids)."""
    if scores is None:
        return np.sort(positions)[:depth]
    return positions[np.lexsort((positions, -scores))[:depth]]


def _hybrid(index: facet_sql.FacetIndex, parsed: Query, query: SearchQuery,
            allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Reciprocal-rank fusion of the keyword ranking and the semantic ranking.

    For a long text the keyword ranking counts in proportion to the share of its terms the index knows:
    a Spanish paragraph against English recommendations shares only names and cognates with them, and
    its keyword ranking, made of those, would push noise above the semantic matches.
    """
    positions, scores, coverage = _keyword(index, parsed, allowed)
    keyword = _best(positions, scores, HYBRID_DEPTH)
    semantic = _best(*_semantic(index, query, allowed, HYBRID_DEPTH), HYBRID_DEPTH)
    fused: dict[int, float] = {}
    for ranking, weight in ((keyword, coverage if parsed.bag is not None else 1.0), (semantic, 1.0)):
        for rank, position in enumerate(ranking.tolist(), start=1):
            fused[position] = fused.get(position, 0.0) + weight / (RRF_K + rank)
    return np.fromiter(fused, dtype=np.int64, count=len(fused)), np.fromiter(fused.values(), dtype=np.float64,
                                                                             count=len(fused))


# Browsing everything orders the same rows the same way on every page: the order is kept per arrays and
# setting (the arrays object itself is held, so a rebuilt one never matches an old entry).
_everything: dict[tuple, tuple[facet_sql.FacetIndex, tuple]] = {}


def _page(index: facet_sql.FacetIndex, positions: np.ndarray, scores: np.ndarray | None,
          query: SearchQuery, reuse: bool = False) -> tuple[int, list[Hit]]:
    """Groups (near-duplicate clusters, or single rows) ordered by their best row, and the requested page.

    A group's key is its best row's: the score, or the review date (year, then session) for a date sort
    and for rows no words rank; ties go to the lower id (the higher for newest first), and each group shows
    its first row in that order and counts its rows. ``reuse``: ``positions`` are all the rows, unranked.
    """
    if not len(positions):
        return 0, []
    setting = (query.sort, query.collapse_duplicates)
    kept = _everything.get(setting) if reuse else None
    if kept is not None and kept[0] is index:
        rec, cluster, best, sizes, order = kept[1]
    else:
        rec, cluster, best, sizes, order = _grouped(index, positions, scores, query)
        if reuse:
            _everything[setting] = (index, (rec, cluster, best, sizes, order))
    start = (query.page - 1) * query.page_size
    hits = [Hit(recommendation_id=int(rec[best[g]]), score=float(scores[best[g]]) if scores is not None else 0.0,
                cluster_id=int(cluster[best[g]]) if cluster[best[g]] >= 0 else None, cluster_size=int(sizes[g]))
            for g in order[start:start + query.page_size]]
    return len(order), hits


def _grouped(index: facet_sql.FacetIndex, positions: np.ndarray, scores: np.ndarray | None,
             query: SearchQuery) -> tuple[np.ndarray, ...]:
    """Each row's id and cluster, each group's best row and size, and the groups in order."""
    sort = "newest" if scores is None and query.sort == "relevance" else query.sort
    rec = index.ids[positions]
    key = scores if sort == "relevance" else index.date[positions] if sort == "newest" else -index.date[positions]
    descending = query.sort == "newest"
    cluster = index.cluster[positions]
    group = np.where(cluster >= 0, cluster, rec) if query.collapse_duplicates else rec
    rows = np.lexsort((-rec if descending else rec, -key))
    groups, first = np.unique(group[rows], return_index=True)
    best = rows[first]
    sizes = np.bincount(np.searchsorted(groups, group), minlength=len(groups))
    order = np.lexsort((-groups if descending else groups, -key[best]))
    return rec, cluster, best, sizes, order
