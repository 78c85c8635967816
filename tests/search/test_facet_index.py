"""Facet counts from the in-memory arrays agree with the SQL filters, and follow every kind of write at once."""

from __future__ import annotations

import pytest
from django.db import connection

from aspiration.corpus.models import Annotation, Recommendation
from aspiration.search import facets
from aspiration.search.engine import SearchQuery, search
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    factories.country("KEN", group="African")
    recs = [
        factories.recommendation("Protect women from violence.", state="FRA", session=1, year=2008, cycle=1,
                                 labels={"sdg_goal": ["5"], "affected_group": ["women"]}, recommending=("BRA", "MEX")),
        factories.recommendation("Protect children from violence.", state="FRA", session=14, year=2012, cycle=2,
                                 labels={"sdg_goal": ["16"]}, response="noted"),
        factories.recommendation("Ensure violence against girls is punished.", state="KEN", session=8, year=2010, cycle=1,
                                 labels={"sdg_goal": ["5", "16"], "affected_group": ["girls"]}, recommending=("MEX",)),
        factories.recommendation("Ratify the Rome Statute.", state="KEN", session=8, year=2010, cycle=1, recommending=()),
    ]
    return recs


def _stamp() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM search_facetversion WHERE id = 1")
        return cursor.fetchone()[0]


def test_every_count_equals_the_size_of_its_filtered_search(corpus):
    """Each option's count is what ticking it gives: the arrays and the SQL filters read the same rule."""
    for text in ("", "violence"):
        counted = search(SearchQuery(text=text, collapse_duplicates=False)).facets
        assert counted["sdg_goal"] and counted["recommending_state"] and counted["regional_group"]
        for name, options in counted.items():
            for code, n in options.items():
                filtered = search(SearchQuery(text=text, filters={name: [code]}, collapse_duplicates=False, with_facets=False))
                assert (name, code, filtered.count) == (name, code, n)


def test_counts_follow_writes_that_bypass_the_orm_signals(corpus):
    first = corpus[0]
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
    corpus[3].delete()
    assert search(SearchQuery()).facets["state"] == {"FRA": 2, "KEN": 1}


def test_a_search_writes_nothing_and_reuses_the_arrays(corpus):
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


def test_browsing_pages_like_the_sql_path(corpus):
    """Browsing without words pages from the arrays; a query matching everything ("NOT <absent word>") pages the
    same rows through the hit table: same order, ties, clusters and sizes, for each sort and collapse setting."""
    from aspiration.search import indexer
    from aspiration.search.models import IndexEntry

    more = [factories.recommendation(f"Same session text {n}.", state="KEN", session=8, year=2010) for n in range(4)]
    indexer.sync_text()
    IndexEntry.objects.filter(recommendation__in=[more[0], more[2], corpus[2]]).update(cluster=more[0].pk)
    def run(text, sort, collapse, page):
        result = search(SearchQuery(text=text, sort=sort, collapse_duplicates=collapse, page=page, page_size=3))
        return result.count, result.matched, [(h.recommendation_id, h.cluster_id, h.cluster_size) for h in result.hits], \
            result.facets

    for sort in ("relevance", "newest", "oldest"):
        for collapse in (True, False):
            for page in (1, 2, 3):
                assert run("", sort, collapse, page) == run("NOT zzzqx", sort, collapse, page), (sort, collapse, page)
    assert search(SearchQuery()).count == 6  # 8 recommendations, three of them one cluster
