"""The explore page's snippets: matched words in <mark>, a recommendation's text never taken as HTML."""

from __future__ import annotations

import pytest

from aspiration.corpus.models import Document
from tests import factories

pytestmark = pytest.mark.django_db


def test_matched_words_are_marked_and_markup_in_a_text_is_escaped(client):
    rec = factories.recommendation('Stop <img src=x onerror="alert(1)"> torture <script>alert(2)</script> now.')
    rec.document = Document.objects.create(symbol="A/HRC/47/4", mechanism=rec.mechanism, state=rec.state)
    rec.paragraph = "116.23"
    rec.save()
    html = client.get("/explore/", {"q": "torture"}).content.decode()
    assert "<mark>torture</mark>" in html
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "A/HRC/47/4" in html and "116.23" in html


def test_a_query_with_markup_is_escaped_in_the_snippet(client):
    factories.recommendation("Protect journalists.")
    html = client.get("/explore/", {"q": '"<b>journalists</b>"'}).content.decode()
    assert "<b>journalists" not in html


def test_a_misspelt_query_offers_the_indexed_word(client):
    from aspiration.search import indexer

    factories.recommendation("Prevent torture in detention.")
    indexer.sync_text()
    response = client.get("/explore/", {"q": "torturre"})
    assert response.context["suggestion"] == "torture"
    assert 'href="?q=torture"' in response.content.decode()
    assert client.get("/explore/", {"q": "torture"}).context["suggestion"] is None
