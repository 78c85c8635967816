"""Search tests: a private vector folder per test, and the real (uncached) embedder loaded once."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def vector_dir(settings, tmp_path):
    settings.SEARCH_VECTOR_DIR = str(tmp_path / "search")
    return tmp_path / "search"


@pytest.fixture(scope="session")
def _encoder():
    from aspiration.nlp.embedding import UniversalSentenceEncoder

    return UniversalSentenceEncoder()


@pytest.fixture
def embedder(_encoder, monkeypatch):
    """The multilingual USE model as the process default, without the developer's disk cache."""
    from aspiration.nlp import embedding

    monkeypatch.setattr(embedding, "_default", _encoder)
    return _encoder


@pytest.fixture
def facet_corpus():
    """Four recommendations with every kind of facet value (the facet tests' shared corpus)."""
    from tests import factories

    factories.country("KEN", group="African")
    return [
        factories.recommendation("Protect women from violence.", state="FRA", session=1, year=2008, cycle=1,
                                 labels={"sdg_goal": ["5"], "affected_group": ["women"]}, recommending=("BRA", "MEX")),
        factories.recommendation("Protect children from violence.", state="FRA", session=14, year=2012, cycle=2,
                                 labels={"sdg_goal": ["16"], "affected_group": ["children"]}, response="noted"),
        factories.recommendation("Ensure violence against girls is punished.", state="KEN", session=8, year=2010, cycle=1,
                                 labels={"sdg_goal": ["5", "16"], "affected_group": ["girls"]}, recommending=("MEX",)),
        factories.recommendation("Ratify the Rome Statute.", state="KEN", session=8, year=2010, cycle=1, recommending=()),
    ]
