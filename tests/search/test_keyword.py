"""Keyword search on the database in use (the suite runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import pytest

from aspiration.search.engine import SearchError, SearchQuery, search
from tests import factories

pytestmark = pytest.mark.django_db

TEXTS = {
    "disc_en": ("Take measures to combat discrimination against women in employment.", "en"),
    "death": ("Abolish the death penalty and ratify the Second Optional Protocol.", "en"),
    "penalty": ("Review the penalty imposed for the death of detainees in custody.", "en"),
    "torture": ("Prevent torture and ill-treatment in places of detention.", "en"),
    "educ_fr": ("Garantir l'éducation des filles et lutter contre les discriminations.", "fr"),
    "es": ("Adoptar medidas contra la discriminación racial y la violencia.", "es"),
    "ru": ("Принять меры по борьбе с дискриминацией женщин.", "ru"),
    "zh": ("采取措施消除对妇女的歧视，保障女童受教育的权利。", "zh"),
    "ar": ("اتخاذ تدابير للقضاء على التمييز ضد المرأة وحماية حقوق الأطفال.", "ar"),
    "educ_en": ("Ensure access to EDUCATION for all children, including girls.", "en"),
}


@pytest.fixture
def corpus():
    return {key: factories.recommendation(text, language=language).id for key, (text, language) in TEXTS.items()}


def ids(corpus, text: str, **options) -> set[str]:
    result = search(SearchQuery(text=text, page_size=100, **options))
    by_id = {v: k for k, v in corpus.items()}
    return {by_id[hit.recommendation_id] for hit in result.hits}


def test_stemming_in_english_french_spanish_russian(corpus):
    assert ids(corpus, "discriminations") >= {"disc_en", "educ_fr", "es"}
    assert ids(corpus, "discriminación") >= {"es", "disc_en"}
    assert ids(corpus, "дискриминация") == {"ru"}
    assert ids(corpus, "женщины") == {"ru"}
    assert ids(corpus, "éducations") >= {"educ_fr", "educ_en"}


def test_accents_and_case_do_not_matter(corpus):
    assert ids(corpus, "EDUCATION") == ids(corpus, "éducation") == {"educ_fr", "educ_en"}
    assert ids(corpus, "Torture") == {"torture"}


def test_chinese_words_are_segmented(corpus):
    assert ids(corpus, "歧视") == {"zh"}
    assert ids(corpus, "妇女歧视") == {"zh"}  # unsegmented query: both words must occur
    assert ids(corpus, "教育权") == set()


def test_arabic_normalisation_and_diacritics(corpus):
    assert ids(corpus, "التمييز") == {"ar"}
    assert ids(corpus, "المراة") == {"ar"}  # without hamza, ta marbuta written as ha
    assert ids(corpus, "الْمَرْأَة") == {"ar"}  # with diacritics
    assert ids(corpus, "الأطفـــال") == {"ar"}  # tatweel


def test_exact_phrase_versus_words(corpus):
    assert ids(corpus, '"death penalty"') == {"death"}
    assert ids(corpus, "death penalty") == {"death", "penalty"}
    assert ids(corpus, '"penalty death"') == set()


def test_boolean_operators(corpus):
    assert ids(corpus, "torture OR penalty") == {"torture", "death", "penalty"}
    assert ids(corpus, "death AND detainees") == {"penalty"}
    assert ids(corpus, "death NOT detainees") == {"death"}
    assert ids(corpus, "death -detainees") == {"death"}
    assert ids(corpus, "(torture OR death) AND custody") == {"penalty"}
    assert ids(corpus, "NOT discrimination") == set(corpus) - {"disc_en", "educ_fr", "es"}


def test_prefix(corpus):
    assert ids(corpus, "discrim*") == {"disc_en", "educ_fr", "es"}
    assert ids(corpus, "educat*") == {"educ_fr", "educ_en"}
    assert ids(corpus, "дискрим*") == {"ru"}


def test_malformed_queries_do_not_fail(corpus):
    for text in ['"unclosed phrase', "((", "AND OR NOT", "a OR NOT b", "*", "-", '""', "death)"]:
        search(SearchQuery(text=text))


def test_new_rows_are_searchable_without_reindex(corpus):
    assert ids(corpus, "ombudsperson") == set()
    new = factories.recommendation("Establish an ombudsperson institution.")
    corpus["new"] = new.id
    assert ids(corpus, "ombudsperson") == {"new"}


def test_changed_text_is_found_after_index(corpus):
    from aspiration.search import indexer

    rec = factories.recommendation("Protect journalists.")
    rec.text = "Protect human rights defenders."
    rec.save()
    indexer.sync_text()
    corpus["changed"] = rec.id
    assert ids(corpus, "defenders") == {"changed"}
    assert ids(corpus, "journalists") == set()


@pytest.mark.parametrize("options", [{"mode": "fuzzy"}, {"page": 0}, {"page_size": 1000}, {"sort": "random"},
                                     {"filters": {"colour": ["red"]}}, {"filters": {"year": ["twenty"]}}])
def test_bad_input_is_rejected(options):
    with pytest.raises(SearchError):
        search(SearchQuery(text="x", **options))
