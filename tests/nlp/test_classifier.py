import json
import zipfile
from collections import Counter

import numpy as np
import pytest
from scipy import sparse

from aspiration.nlp.classifier import LabelModel
from aspiration.nlp.features import CHARACTER_MARK, TfidfFeatures, character_terms, terms
from aspiration.nlp.fitting import calibrate_thresholds
from aspiration.nlp.pipeline import SHIPPED
from aspiration.nlp.training import LabelledTexts, embed_batch, fit_taxonomy

TORTURE = [
    "Investigate all allegations of torture by police officers", "Criminalise torture in the penal code",
    "Ratify the Optional Protocol to the Convention against Torture", "Prevent ill-treatment in detention centres",
    "Prosecute officials responsible for torture and cruel treatment",
    "Establish a national preventive mechanism against torture",
    "End the use of torture to obtain confessions", "Train prison guards to prevent torture and ill-treatment",
]
EDUCATION = [
    "Guarantee free primary education for all children", "Increase the budget for public schools",
    "Improve school enrolment of girls in rural areas", "Ensure access to secondary education for children with disabilities",
    "Reduce school drop-out rates", "Train more qualified teachers", "Build schools in remote regions",
    "Provide inclusive education for all pupils",
]


@pytest.fixture(scope="module")
def tiny(use_embedder):
    texts = TORTURE + EDUCATION
    sets = [["torture"]] * len(TORTURE) + [["education"]] * len(EDUCATION)
    data = LabelledTexts(texts, sets, ["en"] * len(texts))
    return data, embed_batch(texts, data.languages, use_embedder)


def test_fit_predicts_and_explains_in_other_languages(tiny, use_embedder):
    data, batch = tiny
    model = fit_taxonomy("topic", data, batch, settings={"multi_label": True, "use_tfidf": True, "hidden": 0, "alpha": 1e-4})
    probe = embed_batch(["Mettre fin à la torture dans les prisons", "保障所有儿童接受教育"], ["fr", "zh"], use_embedder)
    scores = model.predict_scores(probe)
    torture, education = model.labels.index("torture"), model.labels.index("education")
    assert scores[0, torture] > scores[0, education]
    assert scores[1, education] > scores[1, torture]
    predictions = model.predict(probe)
    assert predictions[0][0].code == "torture"
    assert "similar to" in predictions[0][0].reason


def test_english_reasons_name_the_matched_words(tiny, use_embedder):
    data, batch = tiny
    model = fit_taxonomy("topic", data, batch, settings={"multi_label": True, "use_tfidf": True, "hidden": 0, "alpha": 1e-4})
    model.blend = 0.5
    probe = embed_batch(["Stop torture by the police"], ["en"], use_embedder)
    reason = model.reason(probe, 0, model.labels.index("torture"))
    assert "'torture'" in reason


def test_save_and_load_round_trip_without_pickles(tiny, tmp_path, use_embedder):
    data, batch = tiny
    model = fit_taxonomy("topic", data, batch, settings={"multi_label": False, "use_tfidf": True, "hidden": 16, "alpha": 1e-3})
    model.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["topic.json", "topic.npz"]
    with zipfile.ZipFile(tmp_path / "topic.npz") as archive:  # every array is plain numeric data
        for name in archive.namelist():
            assert b"pickle" not in archive.read(name)[:200]
    with np.load(tmp_path / "topic.npz", allow_pickle=False) as arrays:
        assert all(arrays[key].dtype != object for key in arrays.files)
    meta = json.loads((tmp_path / "topic.json").read_text())
    assert meta["metadata"]["training_data_hash"] and meta["metadata"]["version"].startswith("topic-")
    loaded = LabelModel.load(tmp_path, "topic")
    probe = embed_batch(["Abolish torture", "Schools for every child"], ["en", "en"], use_embedder)
    assert np.allclose(loaded.predict_scores(probe), model.predict_scores(probe), atol=2e-3)
    assert [len(p) for p in loaded.predict(probe)] == [1, 1]  # single label: exactly one


def test_thresholds_separate_positives_from_negatives():
    scores = np.array([[0.9], [0.8], [0.7], [0.6], [0.5], [0.3], [0.2], [0.1], [0.05], [0.04]])
    truth = np.array([[1], [1], [1], [1], [1], [0], [0], [0], [0], [0]], dtype=bool)
    threshold = calibrate_thresholds(scores, truth)[0]
    assert 0.3 < threshold <= 0.5


def test_rare_labels_get_the_global_threshold():
    rng = np.random.default_rng(0)
    scores = rng.random((50, 2))
    truth = np.zeros((50, 2), dtype=bool)
    truth[:, 0] = scores[:, 0] > 0.6
    truth[0, 1] = True  # one example only: too few to calibrate on
    thresholds = calibrate_thresholds(scores, truth)
    assert 0.55 <= thresholds[0] <= 0.65
    assert thresholds[1] == pytest.approx(calibrate_thresholds(scores, truth, min_support=10**6)[1])


def test_opening_clause_features_mark_what_is_asked():
    found = terms("Consider ratifying the Convention, in line with its obligations", opening_clause=True)
    assert "^consider ratifying the" in found
    assert "<convention" in found and "<obligations" not in found  # the first clause ends at the comma
    assert not any(t.startswith("<") for t in terms("Consider ratifying the Convention, in line with its obligations"))


def test_opening_clause_model_keeps_its_features_after_loading(tiny, tmp_path, use_embedder):
    data, batch = tiny
    model = fit_taxonomy("topic", data, batch, settings={"multi_label": False, "use_tfidf": True, "hidden": 0, "alpha": 1e-3,
                                                         "opening_clause": True})
    model.save(tmp_path)
    loaded = LabelModel.load(tmp_path, "topic")
    assert loaded.tfidf.opening_clause
    assert any(t.startswith("<") for t in loaded.tfidf.term_list())
    probe = embed_batch(["Abolish torture, as recommended", "Schools for every child"], ["en", "en"], use_embedder)
    assert np.allclose(loaded.predict_scores(probe), model.predict_scores(probe), atol=2e-3)


def test_character_ngrams_sit_beside_the_words_in_their_own_unit_block():
    features = TfidfFeatures(max_characters=500).fit(TORTURE + EDUCATION)
    characters = [t for t in features.term_list() if t.startswith(CHARACTER_MARK)]
    assert characters and len(characters) <= 500
    assert CHARACTER_MARK + " tort" in characters and CHARACTER_MARK + "ren " in characters  # inside words, padded
    x = features.transform(["Torture of children in schools"]).toarray()[0]
    is_character = np.array([t.startswith(CHARACTER_MARK) for t in features.term_list()])
    # Each block has norm 1/sqrt(2): the text's vector keeps unit length and neither block drowns the other.
    assert np.isclose(np.linalg.norm(x[is_character]), np.linalg.norm(x[~is_character]), atol=1e-5)
    assert np.isclose(np.linalg.norm(x), 1.0, atol=1e-5)
    assert not any(t.startswith(CHARACTER_MARK) for t in TfidfFeatures().fit(TORTURE).term_list())


def _matrix_one_text_at_a_time(features: TfidfFeatures, texts: list[str], languages: list[str]) -> sparse.csr_matrix:
    """The vectoriser as it was written before the batch build: one text, one Counter, one norm at a time."""
    rows, cols, values = [], [], []
    for row, (text, language) in enumerate(zip(texts, languages, strict=True)):
        blocks = [terms(text, language, features.opening_clause)]
        if features.max_characters:
            blocks.append(character_terms(text, language))
        scale = 1.0 / np.sqrt(len(blocks))
        for found in blocks:
            counts = Counter(i for term in found if (i := features.vocabulary.get(term)) is not None)
            if not counts:
                continue
            indices = np.fromiter(counts.keys(), dtype=np.int64)
            weights = (1 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * features.idf[indices]
            weights *= scale / np.linalg.norm(weights)
            rows.extend([row] * len(indices))
            cols.extend(indices.tolist())
            values.extend(weights.tolist())
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(texts), len(features.vocabulary)), dtype=np.float32)


@pytest.mark.parametrize("taxonomy", ["upr_issue", "action_category"])
def test_the_batch_vectoriser_gives_the_same_matrix_to_the_bit(taxonomy):
    """The shipped vocabularies on real recommendations (the shipped models' typical texts), with repeated
    words, a text without a known term, an empty one and other languages: not a float changes, so
    ``predict`` gives the same output."""
    model = LabelModel.load(SHIPPED, taxonomy)
    texts = [p["text"] for p in model.prototypes] + [
        "Torture, torture and torture again: TORTURE!", "Xqzv wvvk", "", "Garantir l'accès à l'éducation des enfants",
        "保障儿童受教育的权利", "Обеспечить права детей"]
    languages = ["en"] * (len(texts) - 3) + ["fr", "zh", "ru"]
    expected = _matrix_one_text_at_a_time(model.tfidf, texts, languages)
    for size in (1, 7, len(texts)):  # the batch size changes nothing either
        found = sparse.vstack([model.tfidf.transform(texts[i:i + size], languages[i:i + size])
                               for i in range(0, len(texts), size)], format="csr")
        assert found.dtype == expected.dtype and found.shape == expected.shape
        assert np.array_equal(found.indptr, expected.indptr) and np.array_equal(found.indices, expected.indices)
        assert found.data.tobytes() == expected.data.tobytes()
    assert model.tfidf.transform([]).shape == (0, len(model.tfidf.vocabulary))


def test_character_model_reloads_and_its_reasons_name_whole_words(tiny, tmp_path, use_embedder):
    data, batch = tiny
    model = fit_taxonomy("topic", data, batch, settings={"multi_label": True, "use_tfidf": True, "hidden": 0, "alpha": 1e-3,
                                                         "tfidf_characters": 2000})
    model.save(tmp_path)
    loaded = LabelModel.load(tmp_path, "topic")
    assert loaded.tfidf.term_list() == model.tfidf.term_list() and loaded.tfidf.max_characters > 0
    probe = embed_batch(["Prevent torture by prison guards", "Schooling for every child"], ["en", "en"], use_embedder)
    assert np.allclose(loaded.predict_scores(probe), model.predict_scores(probe), atol=2e-3)
    column = loaded.labels.index("torture")
    terms_found = loaded.matched_terms(probe, 0, column, limit=10)
    assert terms_found and not any(t.startswith(CHARACTER_MARK) for t in terms_found)
