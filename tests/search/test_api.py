"""The REST API contract: GET /api/recommendations and /api/recommendations/{id}."""

from __future__ import annotations

import pytest

from aspiration.corpus.models import Annotation, Document
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    a = factories.recommendation("Abolish the death penalty.", state="FRA", session=3,
                                 labels={"sdg_goal": ["16"], "upr_issue": ["Death penalty"]})
    b = factories.recommendation("Ratify the convention against torture.", state="KEN", session=5, response="noted",
                                 labels={"sdg_goal": ["16", "5"]})
    return a, b


def test_search_contract(client, corpus):
    a, _b = corpus
    response = client.get("/api/recommendations", {"q": "penalty", "mode": "keyword"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "results", "facets"}
    assert body["count"] == 1
    (result,) = body["results"]
    assert set(result) == {"id", "text", "state", "mechanism", "session", "response", "kind", "labels", "cluster_size",
                           "snippet", "symbol", "paragraph"}
    assert result == {"id": a.id, "text": "Abolish the death penalty.", "state": "FRA", "mechanism": "UPR", "session": 3,
                      "response": "supported", "kind": "recommendation",
                      "labels": {"sdg_goal": ["16"], "upr_issue": ["Death penalty"]},
                      "cluster_size": 1, "snippet": "Abolish the death <mark>penalty</mark>.", "symbol": None,
                      "paragraph": ""}
    assert body["facets"]["state"] == {"FRA": 1}


def test_filters_are_repeatable_parameters(client, corpus):
    body = client.get("/api/recommendations?sdg_goal=5&sdg_goal=16").json()
    assert body["count"] == 2
    assert body["facets"]["sdg_goal"] == {"16": 2, "5": 1}
    body = client.get("/api/recommendations?sdg_goal=5&state=FRA").json()
    assert body["count"] == 0
    body = client.get("/api/recommendations?response=noted&session=5").json()
    assert [r["state"] for r in body["results"]] == ["KEN"]


def test_results_carry_the_document_symbol_and_paragraph_and_an_escaped_snippet(client):
    rec = factories.recommendation('Stop <img src=x onerror=alert(1)> torture in prisons.', state="KEN")
    rec.document = Document.objects.create(symbol="A/HRC/47/4", mechanism=rec.mechanism, state=rec.state)
    rec.paragraph = "116.23"
    rec.save()
    (result,) = client.get("/api/recommendations", {"q": "torture"}).json()["results"]
    assert (result["symbol"], result["paragraph"]) == ("A/HRC/47/4", "116.23")
    assert result["snippet"] == "Stop &lt;img src=x onerror=alert(1)&gt; <mark>torture</mark> in prisons."


@pytest.mark.parametrize("query", ["mode=fuzzy", "page=0", "page=x", "page_size=0", "page_size=100000", "year=abc",
                                   "sort=random"])
def test_bad_input_gives_422(client, corpus, query):
    assert client.get(f"/api/recommendations?{query}").status_code == 422


def test_detail(client, corpus):
    a, _b = corpus
    label = factories.label("sdg_goal", "16")
    Annotation.objects.create(recommendation=a, label=label, source="person", rejected=True, reason="not about SDG 16")
    body = client.get(f"/api/recommendations/{a.id}").json()
    assert body["state"] == "FRA" and body["recommending_states"] == ["BRA"]
    assert body["effective_labels"] == {"upr_issue": ["Death penalty"]}
    person = [label for label in body["labels"] if label["source"] == "person"]
    assert person == [{"taxonomy": "sdg_goal", "code": "16", "name": "16", "source": "person", "score": None,
                       "reason": "not about SDG 16", "model_version": "", "rejected": True, "effective": False}]
    assert body["near_duplicates"] == [] and body["related"] == []
    assert client.get("/api/recommendations/999999").status_code == 404


def test_openapi_documents_the_search(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/recommendations" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/recommendations"]["get"]["parameters"]}
    assert {"q", "mode", "page", "page_size", "state", "sdg_goal", "label_source"} <= parameters
