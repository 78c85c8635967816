"""The second stage of matching: the bilingual term table (built by IBM Model 1 from parallel texts, read at query
time) and the feedback vector. Pure: no database."""

from __future__ import annotations

import numpy as np

from aspiration.search import match_terms, match_terms_build
from aspiration.search.match import feedback_vector


def test_word_pairs_are_learnt_from_aligned_segments():
    segments = [
        (["violenci", "mujer"], ["violenc", "women"]),
        (["violenci", "nin"], ["violenc", "children"]),
        (["mujer", "nin"], ["women", "children"]),
        (["educacion", "nin"], ["educ", "children"]),
        (["educacion", "mujer"], ["educ", "women"]),
    ]
    table = match_terms_build.align(segments)
    assert table == {"violenci": ["violenc"], "mujer": ["women"], "nin": ["children"], "educacion": ["educ"]}


def test_a_word_seen_once_is_not_guessed():
    table = match_terms_build.align([(["mezquit", "capital"], ["mosqu", "capit"]), (["capital"], ["capit"])])
    assert "mezquit" not in table and table["capital"] == ["capit"]


def test_the_shipped_table_puts_spanish_and_french_passages_into_english():
    spanish = match_terms.english_keywords("La violencia contra las mujeres y los niños en la escuela.", "es").split()
    assert {"violence", "women", "children"} <= set(spanish)
    french = match_terms.english_keywords("Les journalistes et les enfants victimes.", "fr").split()
    assert {"journalists", "children", "victims"} <= set(french)
    # Unknown words stay as written (names, cognates); English and uncovered languages are left alone.
    assert "Eslovenia".casefold() in match_terms.english_keywords("Eslovenia debe proteger a las mujeres.", "es")
    assert match_terms.english_keywords("Protect women.", "en") == "Protect women."
    assert match_terms.english_keywords("Ochrona kobiet.", "pl") == "Ochrona kobiet."


def test_the_feedback_vector_moves_towards_the_neighbours_and_stays_unit_length():
    passage = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    neighbours = np.array([[0.0, 1.0, 0.0], [0.0, 0.8, 0.6]], dtype=np.float32)
    moved = feedback_vector(passage, neighbours, 0.5)
    assert abs(float(np.linalg.norm(moved)) - 1.0) < 1e-6
    assert moved[1] > 0 and moved[0] > moved[1]  # closer to the neighbours, still mostly the passage
    assert np.array_equal(feedback_vector(passage, np.zeros((0, 3), dtype=np.float32), 0.5), passage)


def test_a_short_query_is_rendered_in_english_by_its_script_or_its_language():
    assert match_terms.english_rendering("酷刑") == "torture"  # Chinese script: the Chinese table
    assert match_terms.english_rendering("تعذيب") == "torture"
    assert match_terms.english_rendering("tortura") == "torture"  # Latin: tried as French, then Spanish
    assert match_terms.english_rendering("tortura", "ru") is None  # a stated language is the only one tried
    assert match_terms.english_rendering("xqzv blorf") is None  # nothing the table knows


def test_english_words_of_a_query_stay_english():
    # French "conditions" is "favourable" in the table; an English query must not be turned into that.
    assert "favourable" in match_terms.translations("conditions", "fr")[0][1]
    assert match_terms.english_rendering("prison conditions") is None
