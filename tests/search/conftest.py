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
