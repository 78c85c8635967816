"""The pure core of matching: passages of a document, sentences, the closest sentence."""

from __future__ import annotations

import numpy as np

from aspiration.search.match import MAX_PASSAGE_CHARS, closest_sentence, sentences, split_passages


def test_paragraphs_are_passages_and_wrapped_lines_are_joined():
    text = ("Progress report of the Ministry of Justice\n\n"
            "The Government adopted a law on domestic vio-\nlence in 2021 and opened\nten new shelters.\n\n"
            "A national action plan against trafficking in persons was adopted.\n")
    passages = split_passages(text)
    assert [p.text for p in passages] == [
        "The Government adopted a law on domestic violence in 2021 and opened ten new shelters.",
        "A national action plan against trafficking in persons was adopted.",
    ]  # the heading (five words but no sentence? no: four words or fewer) is left out
    assert [p.number for p in passages] == [1, 2] and all(p.label == "" for p in passages)


def test_numbered_recommendations_are_passages_with_their_numbers():
    text = ("Recommendations\n"
            "116.23 Ratify the Optional Protocol to the Convention against Torture\n"
            "(Denmark);\n"
            "116.24 Establish a national preventive mechanism (France);\n"
            "3) Abolish the death penalty for all crimes.\n"
            "(b) Guarantee the independence of the judiciary in law and practice;\n"
            "• Protect human rights defenders against reprisals.\n")
    passages = split_passages(text)
    assert [(p.label, p.text) for p in passages] == [
        ("116.23", "Ratify the Optional Protocol to the Convention against Torture (Denmark);"),
        ("116.24", "Establish a national preventive mechanism (France);"),
        ("3", "Abolish the death penalty for all crimes."),
        ("b", "Guarantee the independence of the judiciary in law and practice;"),
        ("", "Protect human rights defenders against reprisals."),
    ]


def test_chinese_lines_are_joined_without_spaces_and_short_headings_dropped():
    passages = split_passages("建议\n\n政府应确保所有女童都能接受\n免费的初等教育和中等教育。")
    assert [p.text for p in passages] == ["政府应确保所有女童都能接受免费的初等教育和中等教育。"]


def test_long_paragraphs_are_cut_at_sentence_ends():
    sentence = "The ministry trained police officers in every region on the protection of victims. "
    passages = split_passages(sentence * 40)
    assert len(passages) > 1
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    assert all(p.text.endswith("victims.") for p in passages)
    assert " ".join(p.text for p in passages) == (sentence * 40).strip()


def test_empty_and_heading_only_documents_have_no_passage():
    assert split_passages("") == [] and split_passages("\n\n  \nAnnex I\n\nPage 3\n") == []


def test_sentences_in_several_scripts():
    assert sentences("Abolish the death penalty. Ratify the Second Optional Protocol; Report on it.") == [
        "Abolish the death penalty.", "Ratify the Second Optional Protocol;", "Report on it."]
    assert sentences("Ratify the Protocol; and report on it.") == ["Ratify the Protocol; and report on it."]
    assert sentences("废除死刑。批准公约！") == ["废除死刑。", "批准公约！"]
    assert sentences("ألغوا عقوبة الإعدام؟ صدقوا على البروتوكول") == ["ألغوا عقوبة الإعدام؟", "صدقوا على البروتوكول"]
    assert sentences("Art. 5 of the Constitution, e.g. the law") == ["Art. 5 of the Constitution, e.g. the law"]


def test_closest_sentence_is_the_most_similar_vector():
    passage = np.array([1.0, 0.0], dtype=np.float32)
    candidates = np.array([[0.0, 1.0], [0.8, 0.6], [0.6, 0.8]], dtype=np.float32)
    assert closest_sentence(passage, candidates) == (1, np.float32(0.8))
    assert closest_sentence(passage, np.zeros((0, 2), dtype=np.float32)) == (-1, 0.0)
