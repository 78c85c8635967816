"""Keyword-in-context snippets (``aspiration.search.snippets``): the query's words marked as written."""

from aspiration.search.query import parse
from aspiration.search.snippets import ELLIPSIS, as_html, keyword_snippet, sentence_snippet


def marked(segments):
    return [text for text, matched in segments if matched]


def test_stemmed_words_are_marked_as_written():
    text = "Adopt measures against Discrimination and discriminations towards women."
    assert marked(keyword_snippet(text, parse("discrimination women"), "en")) == ["Discrimination", "discriminations",
                                                                                 "women"]


def test_phrases_and_prefixes_are_marked_and_excluded_words_are_not():
    text = "Abolish the death penalty and ratify the Second Optional Protocol; release detainees."
    assert marked(keyword_snippet(text, parse('"death penalty" ratif* NOT detainees'), "en")) == ["death", "penalty",
                                                                                               "ratify"]


def test_accents_arabic_variants_and_chinese_words_match():
    assert marked(keyword_snippet("Garantir l'éducation des filles", parse("education"), "fr")) == ["éducation"]
    assert marked(keyword_snippet("حماية حقوق المرأة", parse("المراة"), "ar")) == ["المرأة"]
    assert marked(keyword_snippet("消除对妇女的歧视", parse("妇女歧视"), "zh")) == ["妇女", "歧视"]


def test_a_long_text_is_cut_around_the_first_match_with_ellipses():
    text = "word " * 100 + "torture is prohibited " + "word " * 100
    segments = keyword_snippet(text, parse("torture"), "en")
    assert segments[0] == (ELLIPSIS, False) and segments[-1] == (ELLIPSIS, False)
    assert marked(segments) == ["torture"]
    assert sum(len(t) for t, _m in segments) < 340


def test_the_whole_text_when_it_is_short_and_nothing_matched():
    assert keyword_snippet("Protect journalists.", parse("torture"), "en") == [("Protect journalists.", False)]


def test_html_is_escaped_and_only_marks_are_tags():
    segments = keyword_snippet('<script>alert("torture")</script> torture <b>', parse("torture"), "en")
    html = as_html(segments)
    assert "<script>" not in html and "<b>" not in html
    assert html.count("<mark>") == 2 and "&lt;script&gt;" in html


def test_a_semantic_sentence_is_marked_whole_and_cut_when_long():
    assert sentence_snippet("Protect journalists.") == [("Protect journalists.", True)]
    long = sentence_snippet("word " * 200)
    assert long[-1] == (ELLIPSIS, False) and len(long[0][0]) <= 320
