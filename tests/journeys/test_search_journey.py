"""What a searcher sees on a fresh install with the demo corpus: each result a visible link whose snippet marks
the words the query matched, the document symbol and paragraph where the corpus has them; in English, Arabic
and Chinese. Screenshots: docs/screenshots/search-snippets-<language>.png."""

from __future__ import annotations

import pytest

from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_results_are_links_with_the_matched_words_marked(visit, instance, language):
    page = visit(language)
    page.goto("/explore/?q=torture")
    links = page.locator("ol.hits .hit-text a")
    assert links.count() > 0
    first = links.first
    assert "/recommendation/" in first.get_attribute("href")
    assert "underline" in first.evaluate("a => getComputedStyle(a).textDecorationLine")
    marks = page.locator("ol.hits .hit-text mark")
    assert marks.count() >= links.count()  # every keyword result shows where it matched
    assert {text.casefold()[:7] for text in marks.all_inner_texts()} == {"torture"}
    stored = instance.query("from aspiration.corpus.models import Recommendation\n"
                            "result = Recommendation.objects.filter(document__isnull=False).count()")
    if stored:
        assert page.locator("ol.hits .meta .symbol").count() > 0
    screenshot(page, f"search-snippets-{language}")


def test_a_semantic_result_shows_its_sentence_closest_to_the_query(visit):
    page = visit("en")
    page.goto("/explore/?q=stop+ill-treatment+of+prisoners+by+guards&mode=semantic")
    assert page.locator("ol.hits .hit-text a").count() > 0
    assert page.locator("ol.hits .hit-text mark").count() > 0
    screenshot(page, "search-snippets-semantic")


def test_a_misspelt_word_gets_a_suggestion_that_finds_results(visit):
    page = visit("en")
    page.goto("/explore/?q=torturre")
    assert page.locator("ol.hits .hit").count() == 0
    suggestion = page.locator(".suggestion a")
    assert suggestion.inner_text() == "torture"
    screenshot(page, "search-suggestion")
    suggestion.click()
    page.wait_for_url("**q=torture**")
    assert page.locator("ol.hits .hit").count() > 0


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_active_filters_are_removable_and_collapsed_duplicates_expandable(visit, language):
    page = visit(language)
    page.goto("/explore/?q=torture")
    unfiltered = page.locator("ol.hits .hit").count()
    page.locator("#facet-response input[type=checkbox]").first.check()
    chip = page.locator(".active-filters a.chip")
    chip.first.wait_for()
    assert chip.count() == 1
    screenshot(page, f"search-filters-{language}")
    chip.first.click()
    page.wait_for_function("() => !document.querySelector('.active-filters')")
    assert page.locator("ol.hits .hit").count() == unfiltered
    collapsed = page.locator("p.collapsed a")
    if collapsed.count():  # the demo corpus's near-duplicates matching "torture"
        collapsed.first.click()
        page.wait_for_url("**duplicates=show**")
        assert page.locator("p.collapsed a").count() == 1  # and the way back
