"""Long, paraphrased and translated queries: a sentence is a bag of weighted terms, not an AND of every word,
and hybrid search fuses two real rankings."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from aspiration.search.engine import SearchQuery, search
from aspiration.search.query import LONG_QUERY_TERMS, bag_of_terms, parse
from tests import factories

TEXTS = {
    "girls": "Ensure that girls have access to primary and secondary education in rural areas.",
    "water": "Guarantee access to safe drinking water and sanitation in rural areas.",
    "death": "Abolish the death penalty and ratify the Second Optional Protocol to the ICCPR.",
    "press": "Protect journalists and guarantee freedom of the press.",
    "prison": "Improve conditions of detention and reduce overcrowding in prisons.",
    "roma": "Ensure access of Roma children to education without segregation.",
}
SENTENCE = ("The Government built new schools so that girls living in remote rural villages can attend "
            "secondary education free of charge.")


def test_a_long_plain_text_is_a_bag_of_content_terms():
    terms = bag_of_terms(SENTENCE)
    assert terms is not None and len(terms) >= LONG_QUERY_TERMS
    stems = {stem for term in terms for stem in term.stems}
    assert {"girl", "secondari", "educ"} <= stems
    assert not {"the", "so", "that", "of"} & stems  # function words say nothing
    assert parse(SENTENCE).bag == terms


@pytest.mark.parametrize("text", ["girls education rural", '"death penalty" and the abolition of it in law',
                                  "torture OR ill-treatment in police custody and prisons", "ratif* optional protocols",
                                  "women rights -violence against girls in schools"])
def test_short_and_boolean_queries_keep_their_syntax(text):
    assert bag_of_terms(text) is None


@pytest.fixture
def corpus(embedder):
    recs = {key: factories.recommendation(text, state="KEN").id for key, text in TEXTS.items()}
    call_command("index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return recs


def ranked(corpus, text: str, mode: str) -> list[str]:
    by_id = {v: k for k, v in corpus.items()}
    result = search(SearchQuery(text=text, mode=mode, collapse_duplicates=False))
    assert result.mode == mode
    return [by_id[hit.recommendation_id] for hit in result.hits]


@pytest.mark.django_db
def test_a_sentence_finds_the_recommendations_sharing_enough_of_its_terms(corpus):
    keyword = ranked(corpus, SENTENCE, "keyword")
    # Every word ANDed, nothing would match; as weighted terms the one on girls' education comes first, the
    # Roma children's education (education only... and secondary? no: one shared term) is below the minimum.
    assert keyword[0] == "girls"
    assert "death" not in keyword and "press" not in keyword
    assert "roma" not in keyword  # shares one term of many: under the minimum should-match


@pytest.mark.django_db
def test_the_rarest_shared_terms_weigh_most(corpus):
    # "rural" and "access" are in two recommendations, "sanitation" in one: the water one wins.
    assert ranked(corpus, "Rural households still lack access to sanitation and clean water", "keyword")[0] == "water"


@pytest.mark.django_db
def test_hybrid_fuses_two_rankings_for_a_sentence(corpus):
    text = ("Our submission asks the authorities to abolish capital punishment and to accede to the "
            "Second Optional Protocol, and to stop overcrowding in detention.")
    keyword, semantic, hybrid = (ranked(corpus, text, mode) for mode in ("keyword", "semantic", "hybrid"))
    # Before, the keyword list of a sentence was empty (every word ANDed), so hybrid was semantic alone.
    assert keyword == ["death", "prison"]
    assert set(keyword) | set(semantic) == set(hybrid)
    assert hybrid[:2] == ["death", "prison"]  # first and second in both rankings
