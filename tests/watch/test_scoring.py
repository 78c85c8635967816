"""The scoring contract and behaviour of the shipped model (no training here)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aspiration.watch.scoring import CATEGORIES
from aspiration.watch.scoring.io import score_jsonl, score_lines, score_records
from aspiration.watch.scoring.model import WatchModel, shipped_model

ABUSIVE = [  # (language, text, a category that must be flagged)
    ("en", "I'm going to find that reporter and kill him. We know where you live.", "threat"),
    ("en", "That journalist is a paid foreign agent and a traitor, shut her up for good.", "hrd_journalist_attack"),
    ("en", "Women are too stupid to vote, they belong in the kitchen serving men.", "sexism"),
    ("en", "That bitch deserves to be raped and beaten until she shuts up.", "violence_against_women"),
    ("fr", "Je vais tuer ce journaliste, on sait où il habite.", "threat"),
    ("es", "Esa periodista es una traidora a sueldo de agentes extranjeros, hay que callarla.", "hrd_journalist_attack"),
    ("ru", "Я найду эту женщину и убью её.", "threat"),
    ("ar", "سأقتل هذا الصحفي وأحرق بيته.", "threat"),
    ("zh", "女人都是贱货，就该被男人打。", "sexism"),
]

NOT_ABUSIVE = [  # counter-speech, reporting about violence, neutral or positive mentions of groups
    ("en", "Posting that women deserve to be beaten is vile. We reported it and we stand with survivors."),
    ("en", "Police arrested a man suspected of killing his wife; the trial begins on Monday."),
    ("en", "Women journalists won three of the five awards at this year's festival."),
    ("en", "Migrants opened a bakery on our street and the bread is excellent."),
    ("fr", "Nous condamnons fermement les menaces reçues par la journaliste après son enquête."),
    ("fr", "Le tribunal a jugé l'homme accusé d'avoir agressé une militante des droits humains."),
    ("es", "La policía detuvo a un hombre por amenazar a una periodista en redes sociales."),
    ("ru", "Правозащитники провели в городе семинар о правах женщин."),
    ("zh", "今天天气很好，我们和邻居一起去公园散步。"),
    ("ar", "افتتحت البلدية مكتبة جديدة للأطفال في الحي."),
]


@pytest.fixture(scope="module")
def model() -> WatchModel:
    return shipped_model()


def test_abusive_and_threatening_texts_are_flagged(model):
    results = score_records([{"id": i, "text": t, "language": lang} for i, (lang, t, _c) in enumerate(ABUSIVE)], model)
    missed = [(ABUSIVE[r["id"]][1], r["scores"]) for r in results if ABUSIVE[r["id"]][2] not in r["flags"]]
    assert not missed
    assert all(r["reason"] and not r["reason"].startswith("not flagged") for r in results)


def test_counter_speech_reporting_and_neutral_mentions_are_not_flagged(model):
    results = score_records([{"id": i, "text": t, "language": lang} for i, (lang, t) in enumerate(NOT_ABUSIVE)], model)
    flagged = [(NOT_ABUSIVE[r["id"]][1], r["flags"], r["scores"]) for r in results if r["flags"]]
    assert not flagged


def test_scores_are_probabilities_and_thresholds_are_configurable(model):
    text = {"id": "x", "text": ABUSIVE[0][1], "language": "en"}
    result, = score_records([text], model)
    assert set(result["scores"]) == set(CATEGORIES) and all(0 <= v <= 1 for v in result["scores"].values())
    # Scores are rounded to 4 decimals, so a near-certain one reads 1.0 and reaches a threshold of 1.0.
    strict, = score_records([text], model, thresholds=dict.fromkeys(CATEGORIES, 1.01))
    loose, = score_records([text], model, thresholds=dict.fromkeys(CATEGORIES, 0.0))
    assert strict["flags"] == [] and loose["flags"] == list(CATEGORIES)
    assert strict["scores"] == result["scores"]


def test_language_is_guessed_when_missing(model):
    results = score_records([{"id": 1, "text": "Le conseil municipal a voté le budget de la ville."},
                             {"id": 2, "text": "Городской совет утвердил бюджет."}], model)
    assert [r["language"] for r in results] == ["fr", "ru"]


def test_model_round_trips_through_npz_and_json(model, tmp_path):
    model.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["watch.json", "watch.npz"]
    again = WatchModel.load(tmp_path)
    texts = [ABUSIVE[0][1], NOT_ABUSIVE[0][1]]
    assert [s.scores for s in again.score(texts, ["en", "en"])] == [s.scores for s in model.score(texts, ["en", "en"])]


def test_command_contract_on_a_fresh_home(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": ABUSIVE[0][1], "language": "en"}),
        json.dumps({"id": 2, "text": "Bonjour à tous, belle journée."}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "d", "text": NOT_ABUSIVE[1][1], "language": "en"}),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("ASPIRATION_EMBEDDING_CACHE", "DATABASE_URL")}
    env["ASPIRATION_HOME"] = str(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "aspiration", "watch", "score", "--input", "in.jsonl", "--output", "out.jsonl"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == ["a", 2, None, "c", None, "d"]
    for r in (out[0], out[1], out[5]):
        assert set(r) == {"id", "language", "scores", "flags", "reason"}
        assert set(r["scores"]) == set(CATEGORIES) and isinstance(r["reason"], str)
    assert "threat" in out[0]["flags"] and out[5]["flags"] == [] and out[1]["language"] == "fr"
    assert set(out[2]) == {"id", "error"} and set(out[3]) == {"id", "error"}
    assert "line 3: invalid JSON" in done.stderr and 'line 4: "text" must be a string' in done.stderr
    assert 'line 5: missing "id"' in done.stderr and "scored 3 items, 3 errors" in done.stderr
    assert not (Path(env["ASPIRATION_HOME"]) / "aspiration.sqlite3").exists()  # no database needed


def test_worker_processes_give_the_same_output_in_the_same_order(model):
    import io

    lines = [json.dumps({"id": i, "text": t, "language": lang}) for i, (lang, t, _c) in enumerate(ABUSIVE)]
    lines.insert(4, "{broken")
    single, parallel = io.StringIO(), io.StringIO()
    errors_single, errors_parallel = io.StringIO(), io.StringIO()
    assert score_jsonl(io.StringIO("\n".join(lines)), single, errors_single, batch_size=3, model=model) == (9, 1)
    assert score_jsonl(io.StringIO("\n".join(lines)), parallel, errors_parallel, batch_size=3, workers=2) == (9, 1)
    assert parallel.getvalue() == single.getvalue()
    expected = "line 5: invalid JSON: Expecting property name enclosed in double quotes\n"
    assert errors_parallel.getvalue() == errors_single.getvalue() == expected


NEAR_MISSES = st.from_regex(r'\{"id": ?(null|1|"x")(, "text": ?(1|null|\[\]|""))?\}', fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=60), NEAR_MISSES), max_size=6))
def test_malformed_lines_become_error_records_never_exceptions(lines):
    lines = [line for line in lines if line.strip() and "\n" not in line and "\r" not in line]
    out = score_lines(list(enumerate(lines, start=1)), shipped_model())
    assert [number for number, _r in out] == list(range(1, len(lines) + 1))
    for _number, record in out:
        assert set(record) == {"id", "error"} or set(record) == {"id", "language", "scores", "flags", "reason"}


# ---- our functional checks and the model's behaviour on them ------------------------------------------------
def test_functional_checks_are_split_by_template_and_test_templates_are_never_trained_on():
    from aspiration.watch.scoring.checks import FUNCTIONS, functional_cases
    from aspiration.watch.scoring.train import training_examples

    cases = functional_cases()
    test = {e.text for e in cases if e.split == "eval"}
    trained = {e.text for e in training_examples(None)}
    assert test and not test & trained
    # every language has test cases of every function, abusive and benign alike
    for language in ("en", "fr", "es", "ru", "zh", "ar"):
        functions = {e.source[len("check-"):] for e in cases if e.language == language and e.split == "eval"}
        assert functions == set(FUNCTIONS)


def _shared_wording(template: str, language: str) -> set[str]:
    """Runs of four words (four characters in Chinese) of a template, never across its target slot."""
    import re

    runs = set()
    for piece in template.lower().split("{t}"):
        units = list(re.sub(r"\W", "", piece)) if language == "zh" else re.findall(r"\w+", piece)
        runs |= {" ".join(units[i:i + 4]) for i in range(len(units) - 3)}
    return runs


def test_calibration_never_splits_a_template_of_ours():
    """A template's cases differ only in the target: all of them fit, or all of them calibrate."""
    from aspiration.watch.scoring.train import _calibration_rows, training_examples

    examples = [e for e in training_examples(None) if e.unit]
    side: dict[str, set[bool]] = {}
    for example, calibrating in zip(examples, _calibration_rows(examples), strict=True):
        side.setdefault(example.unit, set()).add(bool(calibrating))
    assert len(side) > 500 and all(len(sides) == 1 for sides in side.values())
    assert 0.05 < sum(True in sides for sides in side.values()) / len(side) < 0.3  # about CALIBRATION_SHARE of them


def test_the_averaged_heads_are_one_network_giving_the_mean_of_their_logits():
    import numpy as np

    from aspiration.watch.scoring import train

    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 512)).astype(np.float32)
    y = (x[:, :len(CATEGORIES)] > 0).astype(int)
    y[:50, 0] = -1                                             # unknown labels are masked out
    sw = np.where(y >= 0, 1.0, 0.0)
    quiet = lambda _message: None  # noqa: E731
    wide = train.fit_heads(x, y, sw, log=quiet)
    alone = [train.fit_head(x, y, sw, log=quiet, seed=train.SEED + i) for i in range(train.HEADS)]
    assert wide.w1.shape == (512, train.HIDDEN * train.HEADS)
    expected = np.mean([head.logits(x) for head in alone], axis=0)
    assert np.allclose(wide.logits(x), expected, atol=1e-4)
    assert not np.allclose(alone[0].logits(x), alone[1].logits(x), atol=1e-2)   # the seeds give different heads


def test_test_templates_share_no_wording_with_anything_trained_on():
    """A test template that paraphrases a training template or a seed would test memory, not transfer."""
    from aspiration.watch.scoring.checks import CHECKS_FILE, position_split
    from aspiration.watch.scoring.seeds import SEEDS_FILE

    checks, seeds = (json.loads(path.read_text(encoding="utf-8")) for path in (CHECKS_FILE, SEEDS_FILE))
    for language in ("en", "fr", "es", "ru", "zh", "ar"):
        position: dict[str, int] = {}
        test, trained = [], [t for _f, t in checks[language].get("train_cases", [])]
        for function, template in checks[language]["cases"]:
            (test if position_split(position, function) == "eval" else trained).append(template)
        trained += [t for key, values in seeds[language].items() if key not in ("groups", "women", "hrd", "people")
                    for t in values]
        seen = set().union(*(_shared_wording(t, language) for t in trained))
        assert not [t for t in test if _shared_wording(t, language) & seen], language


def test_spelling_variants_are_undone_before_the_model_sees_a_text():
    from aspiration.watch.scoring.features import normalise

    assert normalise("M u s l i m s and m.i.g.r.a.n.t.s") == "Muslims and migrants"
    assert normalise("j3ws, f@gs, h4t3rs, Мигр@нты") == "jews, fags, haters, Мигранты"
    assert normalise("miiiigrants, الشوااااذ") == "migrants, الشواذ"
    assert normalise("基 佬 都 该 死") == "基佬都该死"
    # ordinary text is left alone: numbers, codes, laughter, Roman numerals, handles and links
    for text in ("Covid19 in 2020, mp3", "hahaha ههههه 哈哈哈", "World War III", "Y a la playa"):
        assert normalise(text) == text
    assert normalise("@maria see www.example.org") == "@user see http"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40), min_size=1, max_size=6))
def test_lexical_buckets_are_those_the_shipped_weights_were_trained_on(generated):
    # The shipped lexical weights index scikit-learn's HashingVectorizer buckets; ours must be the same ones.
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import HashingVectorizer

    from aspiration.watch.scoring.features import CHAR_FEATURES, WORD_FEATURES, lexical_counts, normalise

    texts = generated + ["", "ok", "a\tb\n\nc  d", "Ünïcødé 😀 𝔘 ﬁ", "中文 测试，这是", "word " * 50,
                         "{} {x}", "Женщины имеют право", "يجب حماية المدافعين", "İstanbul ΣΑΣ ǅ"]
    common = {"alternate_sign": False, "norm": None, "lowercase": True, "dtype": np.float32}
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=CHAR_FEATURES, **common)
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 3), n_features=WORD_FEATURES,
                              token_pattern=r"(?u)\b\w+\b", **common)
    cleaned = [normalise(t) for t in texts]
    expected = sparse.hstack([chars.transform(cleaned), words.transform(cleaned)], format="csr")
    ours = lexical_counts(cleaned)
    assert ours.shape == expected.shape and ours.nnz == expected.nnz
    assert abs(ours - expected).sum() == 0


def test_shipped_model_holds_on_the_functional_test_templates_in_every_language(model):
    from aspiration.nlp.embedding import default_embedder
    from aspiration.watch.scoring.checks import functional_cases
    from aspiration.watch.scoring.evaluate import functional_report

    report = functional_report(model, [e for e in functional_cases() if e.split == "eval"], default_embedder())
    # Floors a little under what docs/benchmarks.md reports: a retrained model must not fall back.
    weak = {lang: (round(r["abusive"]["f1"], 2), round(r["benign_unflagged"], 2)) for lang, r in report.items()
            if r["abusive"]["f1"] < 0.6 or r["benign_unflagged"] < 0.7}
    assert not weak


def test_the_speed_screen_changes_no_decision_on_the_test_texts(model):
    from aspiration.nlp.embedding import default_embedder

    texts = [t for _lang, t, _c in ABUSIVE] + [t for _lang, t in NOT_ABUSIVE]
    languages = [lang for lang, _t, _c in ABUSIVE] + [lang for lang, _t in NOT_ABUSIVE]
    limits = model.thresholds()
    decisions = []
    for screen in (True, False):
        probs, _v, _s = model.predict(texts, languages, default_embedder().embed, screen=screen)
        decisions.append([[probs[i, j] >= limits[c] for j, c in enumerate(CATEGORIES)] for i in range(len(texts))])
    assert decisions[0] == decisions[1]
    assert model.screen, "the shipped model screens at least some languages"
    assert "ru" not in model.screen  # no real Russian abuse data: never skip the embedding there


def test_identical_texts_are_embedded_once_and_scored_alike(model):
    from aspiration.nlp.embedding import default_embedder

    seen: list[int] = []

    def counting(texts):
        seen.append(len(texts))
        return default_embedder().embed(texts)

    texts = [ABUSIVE[0][1], NOT_ABUSIVE[1][1], ABUSIVE[0][1], ABUSIVE[0][1] + "  "]   # the last one normalises the same
    probs, vectors, _screened = model.predict(texts, ["en"] * 4, counting, screen=False)
    assert seen == [2]
    assert (probs[0] == probs[2]).all() and (vectors[0] == vectors[3]).all() and not (probs[0] == probs[1]).all()
