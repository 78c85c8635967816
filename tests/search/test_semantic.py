"""Semantic and hybrid search across languages, near-duplicate clusters, related, incremental index.

These use the real multilingual USE model (no cache) on a handful of texts.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from aspiration.corpus.models import Recommendation
from aspiration.search import indexer
from aspiration.search.engine import SearchQuery, search
from aspiration.search.models import IndexEntry
from aspiration.search.related import near_duplicates, related
from tests import factories

pytestmark = pytest.mark.django_db

ENGLISH = {
    "death": "Abolish the death penalty.",
    "girls": "Ensure that girls have access to primary and secondary education.",
    "prison": "Improve conditions of detention and reduce overcrowding in prisons.",
    "press": "Protect journalists and guarantee freedom of the press.",
    "water": "Guarantee access to safe drinking water and sanitation in rural areas.",
}


@pytest.fixture
def corpus(embedder):
    recs = {key: factories.recommendation(text, state="KEN").id for key, text in ENGLISH.items()}
    call_command("index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return recs


def top(corpus, text: str, mode: str = "semantic") -> str | None:
    by_id = {v: k for k, v in corpus.items()}
    result = search(SearchQuery(text=text, mode=mode))
    assert result.mode == mode
    return by_id.get(result.hits[0].recommendation_id) if result.hits else None


@pytest.mark.parametrize("text, expected", [
    ("abolir la peine de mort", "death"),
    ("l'éducation des filles", "girls"),
    ("废除死刑", "death"),
    ("保护记者和新闻自由", "press"),
    ("إلغاء عقوبة الإعدام", "death"),
    ("المياه الصالحة للشرب", "water"),
    ("условия содержания в тюрьмах", "prison"),
])
def test_cross_lingual_semantic_search(corpus, text, expected):
    assert top(corpus, text) == expected


def test_semantic_respects_filters(corpus):
    factories.recommendation("Abolish capital punishment without delay.", state="FRA")
    call_command("index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    result = search(SearchQuery(text="peine de mort", mode="semantic", filters={"state": ["FRA"]}))
    assert result.count == 1 and result.facets["state"] == {"FRA": 1}


def test_hybrid_fuses_keyword_and_semantic(corpus):
    assert search(SearchQuery(text="capital punishment")).count == 0  # no shared word
    assert top(corpus, "capital punishment", mode="hybrid") == "death"
    hybrid = search(SearchQuery(text="prisons", mode="hybrid"))
    assert hybrid.hits[0].recommendation_id == corpus["prison"]  # first in both rankings


def test_semantic_falls_back_to_keyword_before_index():
    factories.recommendation("Abolish the death penalty.")
    result = search(SearchQuery(text="penalty", mode="semantic"))
    assert result.mode == "keyword" and result.count == 1 and result.notes


def test_cross_lingual_near_duplicates_collapse(embedder):
    same = [factories.recommendation(text, state="FRA", language=lang, session=s).id for s, (text, lang) in enumerate([
        ("Abolish the death penalty.", "en"),
        ("Abolir la peine de mort.", "fr"),
        ("Consider abolishing the death penalty.", "en"),
    ])]
    other_state = factories.recommendation("Abolish the death penalty.", state="KEN").id
    different = factories.recommendation("Improve the conditions of detention in prisons.", state="FRA").id
    call_command("index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    clusters = dict(IndexEntry.objects.values_list("recommendation_id", "cluster"))
    assert clusters[same[0]] == clusters[same[1]] == clusters[same[2]] == same[0]
    assert clusters[other_state] is None and clusters[different] is None

    result = search(SearchQuery(filters={"state": ["FRA"]}))
    assert result.count == 2
    sizes = {h.recommendation_id: h.cluster_size for h in result.hits}
    assert sizes[different] == 1 and sorted(sizes.values()) == [1, 3]
    assert search(SearchQuery(filters={"state": ["FRA"]}, collapse_duplicates=False)).count == 4

    assert {i for i, _s in near_duplicates(same[0], 10)} == {same[1], same[2]}
    assert near_duplicates(different, 10) == []
    assert other_state in [i for i, _s in related(same[0], 10)]
    assert not {same[1], same[2]} & {i for i, _s in related(same[0], 10)}


def test_index_is_incremental_and_idempotent(embedder, capsys):
    first = factories.recommendation("Protect human rights defenders.")
    IndexEntry.objects.all().delete()  # as after a bulk import, which saves no rows one by one
    call_command("index")
    assert "1 new and 0 changed" in capsys.readouterr().out
    call_command("index")
    assert "0 new and 0 changed in the full-text index, 0 vectors computed" in capsys.readouterr().out
    second = factories.recommendation("Protect journalists.")
    IndexEntry.objects.filter(recommendation=second).delete()
    first.text = "Protect environmental human rights defenders."
    Recommendation.objects.filter(pk=first.pk).update(text=first.text)  # a bulk update: no save signal
    call_command("index")
    assert "1 new and 1 changed in the full-text index, 2 vectors computed" in capsys.readouterr().out
    entry = IndexEntry.objects.get(recommendation=first)
    assert entry.vector_hash == entry.text_hash == indexer.text_hash(first.text, first.language)
    store = indexer.vectors.load(indexer.store_dir())
    assert len(store) == 2
