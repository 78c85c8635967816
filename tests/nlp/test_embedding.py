import numpy as np

from aspiration.nlp.embedding import CachedEmbedder, UniversalSentenceEncoder


def test_use_embeds_across_languages_close_together():
    embedder = UniversalSentenceEncoder()
    vectors = embedder.embed([
        "Protect women from domestic violence",
        "Protéger les femmes contre la violence domestique",
        "保护妇女免受家庭暴力",
        "Improve access to clean drinking water",
    ])
    assert vectors.shape == (4, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    similar = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    unrelated = vectors[0] @ vectors[3]
    assert min(similar) > unrelated + 0.3


def test_cache_returns_the_same_vectors_and_persists(tmp_path):
    texts = ["Ratify the Convention against Torture", "Abolish the death penalty"]
    first = CachedEmbedder(UniversalSentenceEncoder(), tmp_path).embed(texts)
    again = CachedEmbedder(UniversalSentenceEncoder(), tmp_path)
    assert len(again._memory) == 2
    assert np.allclose(again.embed(list(reversed(texts))), first[::-1])
