"""Facet counts, filters, effective labels, sorting and pagination."""

from __future__ import annotations

import pytest

from aspiration.corpus.models import Annotation
from aspiration.search.engine import SearchQuery, search
from tests import factories

pytestmark = pytest.mark.django_db


def test_facet_counts_over_the_result_set(facet_corpus):
    result = search(SearchQuery(text="violence"))
    assert result.count == 3
    facets = result.facets
    assert facets["state"] == {"FRA": 2, "KEN": 1}
    assert facets["regional_group"] == {"WEOG": 2, "African": 1}
    assert facets["mechanism"] == {"UPR": 3}
    assert facets["cycle"] == {"1": 2, "2": 1}
    assert facets["session"] == {"1": 1, "14": 1, "8": 1}
    assert facets["year"] == {"2008": 1, "2010": 1, "2012": 1}
    assert facets["response"] == {"supported": 2, "noted": 1}
    assert facets["recommending_state"] == {"MEX": 2, "BRA": 2}
    assert facets["sdg_goal"] == {"16": 2, "5": 2}
    assert facets["affected_group"] == {"children": 1, "girls": 1, "women": 1}
    assert facets["label_source"] == {"import": 3}
    assert set(facets) >= {"sdg_target", "upr_issue", "cta_area", "action_category"}


def test_filters_combine_within_and_across_facets(facet_corpus):
    def count(**filters):
        return search(SearchQuery(filters=filters)).count

    assert count() == 4
    assert count(state=["FRA"]) == 2
    assert count(state=["FRA", "KEN"]) == 4
    assert count(state=["FRA"], sdg_goal=["5"]) == 1
    assert count(regional_group=["African"]) == 2
    assert count(recommending_state=["MEX"]) == 2
    assert count(response=["noted"], cycle=["2"]) == 1
    assert count(year=["2010"], affected_group=["girls"]) == 1
    assert count(label_source=["person"]) == 0


def test_a_persons_rejection_removes_a_label(facet_corpus):
    first = facet_corpus[0]
    Annotation.objects.create(recommendation=first, label=factories.label("sdg_goal", "5"), source="person",
                              rejected=True)
    Annotation.objects.create(recommendation=first, label=factories.label("sdg_goal", "10"), source="person")
    result = search(SearchQuery(text="violence"))
    assert result.facets["sdg_goal"] == {"16": 2, "10": 1, "5": 1}
    assert result.facets["label_source"] == {"import": 3, "person": 1}
    assert search(SearchQuery(filters={"sdg_goal": ["5"]})).count == 1
    assert search(SearchQuery(filters={"sdg_goal": ["10"]})).count == 1


def test_sorting_and_pagination(facet_corpus):
    newest = [h.recommendation_id for h in search(SearchQuery(sort="newest", page_size=10)).hits]
    oldest = [h.recommendation_id for h in search(SearchQuery(sort="oldest", page_size=10)).hits]
    assert newest[0] == facet_corpus[1].id and oldest[0] == facet_corpus[0].id
    pages = [search(SearchQuery(sort="newest", page=p, page_size=3)) for p in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [3, 1, 0]
    assert [h.recommendation_id for p in pages for h in p.hits] == newest
    assert all(p.count == 4 for p in pages)


def test_relevance_ranks_better_matches_first():
    weak = factories.recommendation("Adopt a plan on housing and mention torture once.")
    strong = factories.recommendation("Torture: criminalise torture and investigate torture.")
    hits = search(SearchQuery(text="torture")).hits
    assert [h.recommendation_id for h in hits] == [strong.id, weak.id]
    assert hits[0].score > hits[1].score
