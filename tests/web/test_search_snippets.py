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


def test_active_filters_are_listed_each_with_a_link_removing_it(client):
    factories.country("KEN", name="Kenya", group="AG")
    factories.recommendation("Prevent torture.", state="KEN", response="noted")
    response = client.get("/explore/", {"q": "torture", "state": "KEN", "response": "noted"})
    chips = response.context["active_filters"]
    assert [url for _g, _n, url in chips] == ["?q=torture&response=noted", "?q=torture&state=KEN"]
    assert [name for _g, name, _u in chips] == ["Kenya", "Noted"]  # names, not codes


def test_collapsed_near_duplicates_are_said_and_can_be_expanded(client):
    from aspiration.search.models import IndexEntry

    a = factories.recommendation("Prevent torture in prisons.", state="KEN")
    b = factories.recommendation("Prevent torture in all prisons.", state="KEN", session=2)
    from aspiration.search import indexer

    indexer.sync_text()
    IndexEntry.objects.filter(recommendation_id__in=[a.pk, b.pk]).update(cluster=a.pk)
    collapsed = client.get("/explore/", {"q": "torture"})
    assert collapsed.context["result"].count == 1 and collapsed.context["collapsed"] == 1
    assert "Show every near-duplicate" in collapsed.content.decode()
    expanded = client.get("/explore/" + collapsed.context["duplicates_url"])
    assert expanded.context["result"].count == 2 and expanded.context["collapsed"] == 0
