"""Did you mean (``aspiration.search.spelling``): suggestions from the index's own words."""

import pytest

from aspiration.search.spelling import index_vocabulary, suggest, suggest_query
from tests import factories

VOCABULARY = {"torture": 120, "tortured": 4, "education": 300, "women": 500, "woman": 80, "detention": 60,
              "المراه": 30, "discrimination": 200}


@pytest.mark.parametrize(("typed", "expected"), [
    ("torturre", "torture"), ("Tortrue", "torture"), ("educaton", "education"), ("womn", "women"),
    ("discrimnaton", "discrimination"), ("detension", "detention"),
])
def test_misspelt_words_get_the_closest_frequent_indexed_word(typed, expected):
    assert suggest(typed, VOCABULARY) == expected


@pytest.mark.parametrize("typed", ["torture", "EDUCATION", "xyz", "abcdefgh", "2019", "妇女"])
def test_known_short_foreign_or_distant_words_get_no_suggestion(typed):
    assert suggest(typed, VOCABULARY) is None


def test_a_query_keeps_its_operators_quotes_and_known_words():
    assert suggest_query('torturre AND "educaton" -womn', VOCABULARY) == 'torture AND "education" -women'
    assert suggest_query("torture OR education", VOCABULARY) is None


@pytest.mark.django_db
def test_the_vocabulary_is_the_index_and_follows_it():
    from aspiration.search import indexer

    factories.recommendation("Prevent torture in detention.")
    indexer.sync_text()
    assert index_vocabulary()["torture"] == 1
    factories.recommendation("Torture must be prosecuted.", state="KEN")
    indexer.sync_text()
    assert index_vocabulary()["torture"] == 2
