"""Health says "starting" until the models are loaded, then "ok" (``aspiration.search.warm``)."""

import pytest

from aspiration.search import engine, facets, warm
from tests import factories


@pytest.mark.django_db
def test_health_says_starting_until_warm_ends(client, monkeypatch):
    loaded = []
    monkeypatch.setattr(facets, "_current", {})  # none built by an earlier test
    monkeypatch.setattr(engine, "_everything", {})
    factories.recommendation("Protect journalists.")
    monkeypatch.setattr("aspiration.nlp.embedding.default_embedder", lambda: type("E", (), {
        "embed": lambda self, texts: loaded.append(texts)})())
    warm.starting()
    try:
        response = client.get("/api/health")
        assert response.status_code == 503
        assert response.json()["status"] == "starting"
        warm.warm()
    finally:
        warm._ready.set()
    assert loaded, "warm() must run the encoder once"
    built = facets._current.get(facets._stamp()[:2])
    assert built is not None, "warm() must build the facet arrays"
    kept = engine._everything.get(("relevance", True))
    assert kept is not None and kept[0] is built, "warm() must order the rows of browsing everything"
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_a_process_that_never_started_warming_is_ready():
    assert warm.ready()
