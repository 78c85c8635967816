"""Filters read from the facet arrays agree with the database, in every mode, and browsing's kept order follows writes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from aspiration.corpus.models import Annotation, Recommendation
from aspiration.search import indexer
from aspiration.search.engine import SearchQuery, search
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    factories.country("KEN", group="African Group")
    made = [
        factories.recommendation("Combat torture in prisons.", state="FRA", session=1, recommending=("BRA", "MEX"),
                                 labels={"upr_issue": ["Torture and other CID"], "sdg_goal": ["16"]}),
        factories.recommendation("Prevent violence against women.", state="KEN", session=8, response="noted",
                                 labels={"upr_issue": ["Women's rights"], "sdg_goal": ["5"]}),
        factories.recommendation("Ensure girls' education and end violence.", state="FRA", session=14,
                                 recommending=("MEX",), labels={"upr_issue": ["Women's rights"], "sdg_goal": ["4", "5"]}),
        factories.recommendation("Ratify the convention on torture.", state="KEN", session=14, labels={}),
    ]
    # A person's rejection removes the label from filters as from counts.
    rejected = Annotation.objects.get(recommendation=made[2], label__code="Women's rights")
    Annotation.objects.create(recommendation=made[2], label=rejected.label, source="person", rejected=True)
    indexer.sync_text()
    return made


def ids(result):
    return {hit.recommendation_id for hit in result.hits}


@pytest.mark.parametrize(("filters", "expected"), [
    ({"upr_issue": ["Women's rights"]}, [1]),
    ({"upr_issue": ["Women's rights", "Torture and other CID"]}, [0, 1]),
    ({"sdg_goal": ["5"], "state": ["FRA"]}, [2]),
    ({"recommending_state": ["MEX"]}, [0, 2]),
    ({"regional_group": ["African Group"]}, [1, 3]),
    ({"session": ["14"], "response": ["supported"]}, [2, 3]),
    ({"label_source": ["person"]}, []),  # a rejection is no counting label
    ({"mechanism": ["UPR"], "kind": ["recommendation"]}, [0, 1, 2, 3]),
    ({"upr_issue": ["No such issue"]}, []),
])
def test_array_filters_match_the_rows(rows, filters, expected):
    want = {rows[n].pk for n in expected}
    browsed = search(SearchQuery(filters=filters))
    assert ids(browsed) == want
    assert browsed.matched == len(want)
    # The same mask narrows a keyword search, and the counts are over what it kept.
    found = search(SearchQuery(text="torture OR violence OR education", filters=filters))
    assert ids(found) == want
    assert sum(found.facets["state"].values()) == len(want)


def test_semantic_search_filters_from_the_arrays(rows, embedder):
    call_command("index", stdout=io.StringIO())
    result = search(SearchQuery(text="torture", mode="semantic", filters={"upr_issue": ["Torture and other CID"]}))
    assert ids(result) == {rows[0].pk}


def test_a_query_of_exclusions_counts_only_what_it_kept(rows):
    result = search(SearchQuery(text="NOT torture"))
    assert ids(result) == {rows[1].pk, rows[2].pk}
    assert result.facets["state"] == {"FRA": 1, "KEN": 1}  # not the totals of every row


def test_browsing_everything_follows_writes(rows):
    first = search(SearchQuery(sort="newest"))
    assert [h.recommendation_id for h in search(SearchQuery(sort="newest")).hits] == \
        [h.recommendation_id for h in first.hits]
    new = factories.recommendation("Abolish the death penalty.", state="KEN", session=20)
    again = search(SearchQuery(sort="newest"))
    assert again.hits[0].recommendation_id == new.pk
    assert again.count == first.count + 1 == Recommendation.objects.count()
