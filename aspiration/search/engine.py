"""The search engine: keyword (FTS5 or PostgreSQL full text), semantic (vectors) and hybrid search
with facet counts, filters, sorting, pagination and near-duplicate collapsing.

One code path for both databases: the result set of a query is written to the per-connection
temporary table ``search_hits`` (id, group, score, sort key); counting, facets, collapsing and
paging are plain SQL over it. Only matching differs by ``connection.vendor``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.db import connection

from aspiration.search import facets as facet_sql
from aspiration.search import indexer, vectors
from aspiration.search.query import MAX_BAG_TERMS, Query, Term, parse, to_fts5, to_tsquery

MODES = ("keyword", "semantic", "hybrid")
SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 200
MAX_PAGE = 10000
MAX_QUERY_CHARS = 2000
# Semantic search returns at most this many nearest recommendations, and only those at least
# this similar (multilingual USE cosine): below it the neighbours stop being about the same thing.
SEMANTIC_CANDIDATES = 500
SEMANTIC_MIN_SCORE = 0.3
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
    try:
        where, params = facet_sql.filter_sql(query.filters)
    except facet_sql.FilterError as error:
        raise SearchError(str(error)) from error
    if query.created_after is not None:
        where, params = f"{where} AND r.created_at > %s", [*params, query.created_after]
    notes: list[str] = []
    mode = query.mode if query.text.strip() else "keyword"
    if mode != "keyword" and not len(_store()):
        notes.append("semantic index not built yet (run `aspiration index`): keyword results shown")
        mode = "keyword"
    parsed = parse(query.text, query.language)
    if parsed.empty and parsed.bag is None:
        return _browse(query, where, params)
    _reset_hits()
    if mode == "keyword":
        _fill_keyword(parsed, where, params, query.sort)
    elif mode == "semantic":
        _fill_scores(dict(_semantic(query, where, params)), query.sort)
    else:
        _fill_hybrid(parsed, query, where, params)
    count, hits = _page(query)
    (matched,) = _rows("SELECT COUNT(*) FROM search_hits")[0]
    facets = {}
    if query.with_facets:
        facets = facet_sql.facet_counts(_hit_ids())
    return SearchResult(count=count, hits=hits, facets=facets, mode=mode, notes=notes, matched=int(matched))


def _browse(query: SearchQuery, where: str, params: list) -> SearchResult:
    """No words: every recommendation the filters let through, newest (or oldest) first, paged in numpy.

    The facet arrays hold each row's date and cluster, so this is the SQL path's ``_page`` over arrays
    (same order, same ties, same cluster sizes) without writing every row into the hit table: browsing
    300,000 recommendations would otherwise insert and group 300,000 rows per page. With no filter at all
    no id is read and the counts are the arrays' totals.
    """
    index = facet_sql.current()
    ids = None if where == "1 = 1" else np.fromiter(
        (i for (i,) in _rows(f"SELECT r.id FROM corpus_recommendation r WHERE {where}", params)), dtype=np.int64)
    positions = np.arange(len(index.ids)) if ids is None else index.positions(ids)
    facets = facet_sql.facet_counts(ids) if query.with_facets else {}
    if not len(positions):
        return SearchResult(count=0, hits=[], facets=facets, matched=0)
    # Relevance without words is the newest first, as on the SQL path, with its ties in ascending id order.
    rec = index.ids[positions]
    key = -index.date[positions] if query.sort == "oldest" else index.date[positions]
    descending = query.sort == "newest"
    cluster = index.cluster[positions]
    group = np.where(cluster >= 0, cluster, rec) if query.collapse_duplicates else rec
    # Rows by key, ties by id: each group's first row is the one it shows.
    rows = np.lexsort((-rec if descending else rec, -key))
    groups, first = np.unique(group[rows], return_index=True)
    best = rows[first]
    sizes = np.bincount(np.searchsorted(groups, group), minlength=len(groups))
    order = np.lexsort((-groups if descending else groups, -key[best]))
    start = (query.page - 1) * query.page_size
    hits = [Hit(recommendation_id=int(rec[best[g]]), score=0.0,
                cluster_id=int(cluster[best[g]]) if cluster[best[g]] >= 0 else None, cluster_size=int(sizes[g]))
            for g in order[start:start + query.page_size]]
    return SearchResult(count=len(groups), hits=hits, facets=facets, matched=len(positions))


def _hit_ids() -> np.ndarray:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM search_hits")
        return np.fromiter((row[0] for row in cursor), dtype=np.int64)


# --- the result set ------------------------------------------------------------------------------

def _execute(sql: str, params: list | tuple = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _rows(sql: str, params: list | tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _reset_hits() -> None:
    integer = "INTEGER" if connection.vendor == "sqlite" else "BIGINT"
    real = "REAL" if connection.vendor == "sqlite" else "DOUBLE PRECISION"
    _execute(f"CREATE TEMP TABLE IF NOT EXISTS search_hits (id {integer} PRIMARY KEY, grp {integer} NOT NULL,"
             f" cluster {integer}, score {real} NOT NULL, skey {real} NOT NULL)")
    _execute("CREATE INDEX IF NOT EXISTS search_hits_grp ON search_hits (grp)")
    _execute("DELETE FROM search_hits")


def _sort_key(sort: str, score_sql: str) -> str:
    """What orders the groups: relevance score, or review date (year, then session)."""
    date = "(COALESCE(r.year, 0) * 1000.0 + COALESCE(r.session, 0))"
    return {"relevance": score_sql, "newest": date, "oldest": f"-{date}"}[sort]


HIT_COLUMNS = "id, grp, cluster, score, skey"


def _hit_values(score_sql: str, sort: str) -> str:
    return f"r.id, COALESCE(e.cluster, r.id), e.cluster, {score_sql}, {_sort_key(sort, score_sql)}"


def _insert(select_from: str, where: str, params: list, score_sql: str, sort: str) -> None:
    _execute(f"INSERT INTO search_hits ({HIT_COLUMNS}) SELECT {_hit_values(score_sql, sort)} FROM {select_from} WHERE {where}",
             params)


def _fill_keyword(parsed: Query, where: str, params: list, sort: str) -> float:
    """Fill the hits; returns the share of the query's terms the index knows (1.0 for a boolean query)."""
    if parsed.bag is not None:
        return _fill_bag(parsed.bag, where, params, sort)
    if parsed.empty:
        sort = "newest" if sort == "relevance" else sort
        _insert("corpus_recommendation r LEFT JOIN search_indexentry e ON e.recommendation_id = r.id",
                where, params, "0.0", sort)
        return 1.0
    exclusion, exclusion_params = "1 = 1", []
    if parsed.excluded is not None:
        if connection.vendor == "postgresql":
            exclusion = "r.id NOT IN (SELECT recommendation_id FROM search_indexentry WHERE tsv @@ %s::tsquery)"
            exclusion_params = [to_tsquery(parsed.excluded)]
        else:
            exclusion = "r.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
            exclusion_params = [to_fts5(parsed.excluded)]
    if parsed.include is None:
        sort = "newest" if sort == "relevance" else sort
        _insert("corpus_recommendation r LEFT JOIN search_indexentry e ON e.recommendation_id = r.id",
                f"{where} AND {exclusion}", params + exclusion_params, "0.0", sort)
    elif connection.vendor == "postgresql":
        tsquery = to_tsquery(parsed.include)
        score = "ts_rank(e.tsv, %s::tsquery)"
        score_params = [tsquery] * (2 if sort == "relevance" else 1)
        _execute(
            f"INSERT INTO search_hits ({HIT_COLUMNS}) SELECT {_hit_values(score, sort)}"
            " FROM search_indexentry e JOIN corpus_recommendation r ON r.id = e.recommendation_id"
            f" WHERE e.tsv @@ %s::tsquery AND {where} AND {exclusion}",
            score_params + [tsquery] + params + exclusion_params,
        )
    else:
        _insert(
            # CROSS JOIN: SQLite must run the MATCH once and then look rows up, never the reverse.
            "search_fts CROSS JOIN search_indexentry e CROSS JOIN corpus_recommendation r",
            f"search_fts MATCH %s AND e.recommendation_id = search_fts.rowid AND r.id = search_fts.rowid AND {where}"
            f" AND {exclusion}",
            [to_fts5(parsed.include)] + params + exclusion_params,
            "-bm25(search_fts)", sort,
        )
    return 1.0


def _term_match_sql(term: Term) -> tuple[str, str]:
    """SELECT of the ids of the recommendations containing ``term`` (any of its stems), and its parameter."""
    if connection.vendor == "postgresql":
        return "SELECT recommendation_id AS id FROM search_indexentry WHERE tsv @@ %s::tsquery", to_tsquery(term)
    return "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s", to_fts5(term)


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


def _fill_bag(terms: list[Term], where: str, params: list, sort: str) -> float:
    """BM25-style OR of a long text's terms with a minimum should-match, computed alike on both databases.

    Each term's document frequency gives its weight (BM25 idf); the terms too common to tell
    recommendations apart are dropped, and the rarest ``MAX_BAG_TERMS`` kept. A recommendation scores
    the sum of the weights of the terms it contains, normalised by its length, and counts only if it
    contains at least ``BAG_MIN_MATCH`` of the terms. Returns the share of the terms found in the index
    at all: a text in another language than the corpus shares few words with it (hybrid trusts the
    keyword ranking that much less).
    """
    total, mean_length = _corpus_lengths()
    if not total:
        return 0.0
    weighted, known = [], 0
    for term in terms:
        select, parameter = _term_match_sql(term)
        (df,) = _rows(f"SELECT COUNT(*) FROM ({select}) t", [parameter])[0]
        known += df > 0
        if 0 < df <= max(1, BAG_MAX_DF * total):
            weighted.append((df, term))
    weighted = sorted(weighted, key=lambda pair: pair[0])[:MAX_BAG_TERMS]
    if not weighted:
        return known / len(terms)
    needed = len(weighted) if len(weighted) <= 2 else max(2, math.ceil(BAG_MIN_MATCH * len(weighted)))
    unions, union_params = [], []
    for df, term in weighted:
        select, parameter = _term_match_sql(term)
        unions.append(select.replace(" AS id ", " AS id, %s AS w ", 1))
        union_params += [math.log(1 + (total - df + 0.5) / (df + 0.5)), parameter]
    norm = f"({BM25_K1 + 1} / (1 + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * LENGTH(e.stems) / {mean_length!r})))"
    score = f"(b.score * {norm})"
    _insert(
        f"(SELECT id, SUM(w) AS score FROM ({' UNION ALL '.join(unions)}) u GROUP BY id HAVING COUNT(*) >= %s) b"
        " CROSS JOIN corpus_recommendation r JOIN search_indexentry e ON e.recommendation_id = r.id",
        f"r.id = b.id AND {where}", union_params + [needed] + params, score, sort,
    )
    return known / len(terms)


def _fill_scores(scores: dict[int, float], sort: str) -> None:
    """Put externally scored ids (semantic, hybrid) into the hits, keeping only rows that still exist."""
    if not scores:
        return
    _execute("CREATE TEMP TABLE IF NOT EXISTS search_scores (id BIGINT PRIMARY KEY, score DOUBLE PRECISION NOT NULL)")
    _execute("DELETE FROM search_scores")
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO search_scores (id, score) VALUES (%s, %s)",
                           [(int(i), float(s)) for i, s in scores.items()])
    _insert("search_scores s CROSS JOIN corpus_recommendation r LEFT JOIN search_indexentry e ON e.recommendation_id = r.id",
            "r.id = s.id", [], "s.score", sort)


def _store() -> vectors.VectorStore:
    return vectors.cached(indexer.store_dir())


def embed_query(text: str) -> np.ndarray:
    from aspiration.nlp.embedding import default_embedder

    return default_embedder().embed([text])[0]


def _semantic(query: SearchQuery, where: str, params: list, depth: int = SEMANTIC_CANDIDATES) -> list[tuple[int, float]]:
    allowed = None
    if any(query.filters.values()) or query.created_after is not None:
        allowed = np.array([i for (i,) in _rows(f"SELECT r.id FROM corpus_recommendation r WHERE {where}", params)],
                           dtype=np.int64)
    vector = embed_query(query.text) if query.vector is None else query.vector
    ids, scores = _store().nearest(vector, depth, allowed=allowed, min_score=SEMANTIC_MIN_SCORE)
    return list(zip(ids.tolist(), scores.tolist(), strict=True))


def _fill_hybrid(parsed: Query, query: SearchQuery, where: str, params: list) -> None:
    """Reciprocal-rank fusion of the keyword ranking and the semantic ranking.

    For a long text the keyword ranking counts in proportion to the share of its terms the index knows:
    a Spanish paragraph against English recommendations shares only names and cognates with them, and
    its keyword ranking, made of those, would push noise above the semantic matches.
    """
    coverage = _fill_keyword(parsed, where, params, "relevance")
    keyword = [i for (i,) in _rows("SELECT id FROM search_hits ORDER BY score DESC, id LIMIT %s", [HYBRID_DEPTH])]
    semantic = [i for i, _s in _semantic(query, where, params, HYBRID_DEPTH)]
    fused: dict[int, float] = {}
    for ranking, weight in ((keyword, coverage if parsed.bag is not None else 1.0), (semantic, 1.0)):
        for rank, rec_id in enumerate(ranking, start=1):
            fused[rec_id] = fused.get(rec_id, 0.0) + weight / (RRF_K + rank)
    _execute("DELETE FROM search_hits")
    _fill_scores(fused, query.sort)


def _page(query: SearchQuery) -> tuple[int, list[Hit]]:
    group = "grp" if query.collapse_duplicates else "id"
    (count,) = _rows(f"SELECT COUNT(DISTINCT {group}) FROM search_hits")[0]
    tie = "DESC" if query.sort == "newest" else "ASC"
    groups = _rows(
        f"SELECT {group}, MAX(skey) AS best, COUNT(*) FROM search_hits GROUP BY {group}"
        f" ORDER BY best DESC, {group} {tie} LIMIT %s OFFSET %s",
        [query.page_size, (query.page - 1) * query.page_size],
    )
    if not groups:
        return count, []
    keys = [g for g, _best, _n in groups]
    marks = ", ".join(["%s"] * len(keys))
    best: dict[int, tuple] = {}
    for rec_id, key, cluster, score in _rows(
        f"SELECT id, {group}, cluster, score FROM search_hits WHERE {group} IN ({marks}) ORDER BY skey DESC, id {tie}", keys
    ):
        best.setdefault(key, (rec_id, cluster, score))
    hits = []
    for key, _best, size in groups:
        rec_id, cluster, score = best[key]
        hits.append(Hit(recommendation_id=rec_id, score=float(score), cluster_id=cluster, cluster_size=int(size)))
    return count, hits
