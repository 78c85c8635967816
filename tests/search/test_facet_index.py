"""Facet counts from the in-memory arrays agree with the SQL filters, and follow every kind of write at once."""

from __future__ import annotations

import pytest
from django.db import connection

from aspiration.corpus.models import Annotation, Recommendation
from aspiration.search import facets
from aspiration.search.engine import SearchQuery, search
from tests import factories

pytestmark = pytest.mark.django_db


def _stamp() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM search_facetversion WHERE id = 1")
        return cursor.fetchone()[0]


def test_every_count_equals_the_size_of_its_filtered_search(facet_corpus):
    """Each option's count is what ticking it gives: the arrays and the SQL filters read the same rule."""
    for text in ("", "violence"):
        counted = search(SearchQuery(text=text, collapse_duplicates=False)).facets
        assert counted["sdg_goal"] and counted["recommending_state"] and counted["regional_group"]
        for name, options in counted.items():
            for code, n in options.items():
                filtered = search(SearchQuery(text=text, filters={name: [code]}, collapse_duplicates=False, with_facets=False))
                assert (name, code, filtered.count) == (name, code, n)


def test_counts_follow_writes_that_bypass_the_orm_signals(facet_corpus):
    first = facet_corpus[0]
    assert search(SearchQuery()).facets["sdg_goal"] == {"16": 2, "5": 2}
    # A bulk update (no save(), no signal) of a label: a person rejects goal 5 on the first recommendation.
    Annotation.objects.bulk_create([Annotation(recommendation=first, label=factories.label("sdg_goal", "5"),
                                               source="person", rejected=True)])
    assert search(SearchQuery()).facets["sdg_goal"] == {"16": 2, "5": 1}
    Annotation.objects.filter(recommendation=first, source="person").update(rejected=False)
    assert search(SearchQuery()).facets["sdg_goal"] == {"16": 2, "5": 2}
    assert search(SearchQuery()).facets["label_source"] == {"import": 3, "person": 1}
    Recommendation.objects.filter(pk=first.pk).update(response="noted")
    assert search(SearchQuery(text="violence")).facets["response"] == {"noted": 2, "supported": 1}
    assert search(SearchQuery()).facets["recommending_state"] == {"BRA": 2, "MEX": 2}
    first.recommending_states.clear()
    assert search(SearchQuery()).facets["recommending_state"] == {"BRA": 1, "MEX": 1}
    facet_corpus[3].delete()
    assert search(SearchQuery()).facets["state"] == {"FRA": 2, "KEN": 1}


def test_a_search_writes_nothing_and_reuses_the_arrays(facet_corpus):
    before = _stamp()
    search(SearchQuery(text="violence"))
    built = facets.current()
    search(SearchQuery(filters={"state": ["FRA"]}))
    assert _stamp() == before
    assert facets.current() is built  # nothing changed: no rebuild
    factories.recommendation("Abolish the death penalty.", state="FRA")
    assert _stamp() != before
    assert facets.current() is not built
    assert search(SearchQuery()).facets["state"] == {"FRA": 3, "KEN": 2}


def test_browsing_pages_like_the_sql_path(facet_corpus):
    """Browsing without words pages from the arrays; a query matching everything ("NOT <absent word>") pages the
    same rows through the hit table: same order, ties, clusters and sizes, for each sort and collapse setting."""
    from aspiration.search import indexer
    from aspiration.search.models import IndexEntry

    more = [factories.recommendation(f"Same session text {n}.", state="KEN", session=8, year=2010) for n in range(4)]
    indexer.sync_text()
    IndexEntry.objects.filter(recommendation__in=[more[0], more[2], facet_corpus[2]]).update(cluster=more[0].pk)
    def run(text, sort, collapse, page):
        result = search(SearchQuery(text=text, sort=sort, collapse_duplicates=collapse, page=page, page_size=3))
        return result.count, result.matched, [(h.recommendation_id, h.cluster_id, h.cluster_size) for h in result.hits], \
            result.facets

    for sort in ("relevance", "newest", "oldest"):
        for collapse in (True, False):
            for page in (1, 2, 3):
                assert run("", sort, collapse, page) == run("NOT zzzqx", sort, collapse, page), (sort, collapse, page)
    assert search(SearchQuery()).count == 6  # 8 recommendations, three of them one cluster


def _rows_of(index: facets.FacetIndex) -> dict:
    """Everything the arrays say, per recommendation id, in plain values (comparable across two builds)."""
    def members(matrix, row):
        return sorted(matrix.indices[matrix.indptr[row]:matrix.indptr[row + 1]].tolist())

    return {int(pk): (
        tuple(values[codes[row]] if codes[row] >= 0 else None for codes, values in index.columns.values()),
        int(index.cluster[row]), float(index.date[row]),
        members(index.labels, row), members(index.states, row), members(index.sources, row),
    ) for row, pk in enumerate(index.ids)}


@pytest.fixture
def builds(monkeypatch):
    """The ``changes`` argument of every ``facets.build`` call (None: a full build), the real build running."""
    calls: list = []
    real = facets.build

    def recorded(stamp, changes=None):
        calls.append(changes)
        return real(stamp, changes)

    monkeypatch.setattr(facets, "build", recorded)
    return calls


def _check(builds: list, incremental: bool = True) -> None:
    """The arrays brought up to date equal a full build, row by row, and were (not) made from the log alone."""
    builds.clear()
    refreshed = facets.current()
    assert builds and all(changes is not None for changes in builds) == incremental, builds
    assert _rows_of(refreshed) == _rows_of(facets.build(facets._stamp()))
    assert facets.facet_counts() == search(SearchQuery(collapse_duplicates=False)).facets


def test_arrays_follow_the_change_log_exactly(facet_corpus, builds):
    """Inserts, label changes, moved labels, states, clusters, column updates and deletes: each re-reads only the
    recommendations it changed, and the arrays equal a full build after every one."""
    from aspiration.search.models import IndexEntry

    facets.current()
    added = [factories.recommendation(f"New text {n}.", state="KEN", session=30 + n, year=2020,
                                      labels={"sdg_goal": ["3"]}, recommending=("CHN",)) for n in range(3)]
    _check(builds)
    first, second = facet_corpus[0], facet_corpus[1]
    Annotation.objects.bulk_create([Annotation(recommendation=first, label=factories.label("sdg_goal", "5"),
                                               source="person", rejected=True),
                                    Annotation(recommendation=second, label=factories.label("upr_issue", "Torture"),
                                               source="model")])
    _check(builds)
    Annotation.objects.filter(recommendation=second, source="model").update(recommendation=added[0])  # moved
    _check(builds)
    Recommendation.objects.filter(pk=added[1].pk).update(response="noted", kind="observation", session=2)
    first.recommending_states.add(factories.country("CHN"))
    _check(builds)
    assert IndexEntry.objects.filter(recommendation__in=added).update(cluster=added[0].pk) == 3
    _check(builds)
    added[2].delete()
    facet_corpus[3].delete()
    _check(builds)
    assert facets.facet_counts()["state"] == {"FRA": 2, "KEN": 3}


def test_a_write_to_other_columns_logs_nothing(facet_corpus):
    built = facets.current()
    Recommendation.objects.filter(pk=facet_corpus[0].pk).update(text="Protect women and girls from violence.")
    from aspiration.search import indexer

    indexer.sync_text()  # index entries without a cluster: nothing the arrays read
    assert facets.current() is built


def test_a_log_it_cannot_trust_means_a_full_build(facet_corpus, builds):
    """A pruned log, and a rolled-back write whose log id another write then takes (SQLite reuses it)."""
    from django.db import transaction

    facets.current()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_facetchange")  # as a prune past this process's position would
    factories.recommendation("After the prune.", state="KEN")
    _check(builds, incremental=False)

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        factories.recommendation("Rolled back.", state="FRA", session=40)
        facets.current()  # built at a log row that is about to disappear
        raise Undone
    factories.recommendation("Written instead.", state="KEN", session=41)
    _check(builds, incremental=False)
    assert facets.facet_counts()["session"].get("40") is None


@pytest.mark.parametrize("hits", [5, 400])
def test_set_counts_are_the_same_from_the_hits_rows_or_from_the_whole_matrix(hits, monkeypatch):
    import numpy as np
    from scipy import sparse

    rng = np.random.default_rng(hits)
    matrix = sparse.random(1000, 40, density=0.1, format="csr", random_state=rng)
    matrix.data[:] = 1
    positions = np.sort(rng.choice(1000, hits, replace=False))
    expected = {int(c): int(n) for c, n in enumerate(np.asarray(matrix[positions].sum(axis=0)).ravel()) if n}
    for below in (1, 10_000):  # never slice, always slice
        monkeypatch.setattr(facets, "SLICE_BELOW", below)
        assert facets._sum(matrix, positions) == expected


def test_a_filter_reads_the_vector_rows_of_the_rows_it_lets_through(monkeypatch):
    from types import SimpleNamespace

    import numpy as np

    from aspiration.search import engine, vectors

    monkeypatch.setattr(engine, "_vector_rows", {})
    index = SimpleNamespace(ids=np.array([1, 2, 3, 5]))
    store = vectors.VectorStore(np.array([2, 3, 4, 5]), np.eye(4, dtype=np.float32))
    allowed = np.array([True, True, False, True])
    assert engine._store_rows(index, store, allowed).tolist() == [0, 3]  # id 1 has no vector; 2 and 5 do
    same = vectors.VectorStore(index.ids.copy(), np.eye(4, dtype=np.float32))
    assert engine._store_rows(index, same, allowed).tolist() == [0, 1, 3]
    ids, _scores = same.nearest(np.array([0, 0, 1, 0], dtype=np.float32), 2, rows=engine._store_rows(index, same, allowed))
    assert 3 not in ids.tolist()  # the row the filter left out is not a candidate
