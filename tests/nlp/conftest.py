import pytest

from aspiration.nlp.embedding import UniversalSentenceEncoder


@pytest.fixture(scope="session")
def use_embedder():
    """The real multilingual encoder (no cache: tests must not depend on a developer's cache)."""
    return UniversalSentenceEncoder()
