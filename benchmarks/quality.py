"""Classification quality and speed on the shared data; writes the "quality" section of docs/benchmarks.md.

Train on UPR Info sessions 1-14, test on sessions 15-17 (joint recommendations merged first,
so a text never sits in both); also on the test texts that never occur in training. SDG goals
are checked cross-lingually on the official indicator texts, kept out of training.

    ASPIRATION_EMBEDDING_CACHE=/tmp/aspiration-embedding-cache .venv/bin/python benchmarks/quality.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aspiration.nlp.datasets import read_sdg_texts, read_upr_info  # noqa: E402
from aspiration.nlp.embedding import UniversalSentenceEncoder, default_embedder  # noqa: E402
from aspiration.nlp.evaluation import evaluate_model  # noqa: E402
from aspiration.nlp.features import TfidfFeatures  # noqa: E402
from aspiration.nlp.fitting import logistic_head  # noqa: E402
from aspiration.nlp.groups import GroupTerms, issues_to_groups, predict_groups  # noqa: E402
from aspiration.nlp.metrics import evaluate_sets  # noqa: E402
from aspiration.nlp.pipeline import SHIPPED, TAXONOMIES, Classifier  # noqa: E402
from aspiration.nlp.sdg import goal_scores, predict_sdg  # noqa: E402
from aspiration.nlp.training import (  # noqa: E402
    SEED,
    SETTINGS,
    LabelledTexts,
    embed_batch,
    fit_taxonomy,
    labelled_upr,
    sdg_goal_model,
    sdg_training_data,
    target_index,
)
from aspiration.reference import catalog  # noqa: E402
from aspiration.reference.codes import code_key  # noqa: E402
from benchmarks.report import peak_memory_mb, write_section  # noqa: E402

DATA = Path(os.environ.get("ASPIRATION_SHARED_DATA", Path(__file__).resolve().parent.parent.parent / "shared" / "data"))
TEST_SESSIONS = {15, 16, 17}


def row(name: str, metrics: dict, goal: str = "") -> str:
    return (f"| {name} | {metrics['texts']} | {metrics['micro']['f1']:.3f} | {metrics['macro']['f1']:.3f} | "
            f"{metrics['micro']['precision']:.3f} | {metrics['micro']['recall']:.3f} | {goal} |")


def plain_baseline(taxonomy: str, train: LabelledTexts) -> Callable[[Sequence[str]], list[list[str]]]:
    """The simplest model one trains in a minute: word TF-IDF + logistic regression (the taxonomy's C), probability
    >= 0.5 (multi-label) or the best class. The row the ensemble has to beat, measured on the same split."""
    multi_label = SETTINGS[taxonomy]["multi_label"]
    labels = sorted({code for codes in train.label_sets for code in codes}, key=code_key)
    y = np.array([[code in codes for code in labels] for codes in train.label_sets], dtype=np.int8)
    features = TfidfFeatures().fit(train.texts)
    weights, bias = logistic_head(features.transform(train.texts), y, multi_label, c=SETTINGS[taxonomy]["tfidf_c"], seed=SEED)

    def predict(texts: Sequence[str]) -> list[list[str]]:
        logits = np.asarray(features.transform(texts) @ weights) + bias
        if multi_label:
            return [[labels[c] for c in np.flatnonzero(row > 0)] for row in logits]
        return [[labels[int(np.argmax(row))]] for row in logits]

    return predict


def upr_quality(embedder) -> tuple[list[str], dict]:
    records = read_upr_info(DATA)
    train = [r for r in records if r.session not in TEST_SESSIONS]
    test = [r for r in records if r.session in TEST_SESSIONS]
    seen = {r.text.lower() for r in train}
    unseen = [r for r in test if r.text.lower() not in seen]
    groups = catalog.affected_groups()
    issue_groups = issues_to_groups(groups)
    terms = GroupTerms.from_reference(groups)
    lines = [f"UPR Info: {len(train)} training recommendations (sessions 1-14), {len(test)} test (15-17), "
             f"of which {len(unseen)} have a text that never occurs in training. Joint recommendations merged first.", "",
             "| taxonomy / test set | texts | micro-F1 | macro-F1 | micro-P | micro-R | goal |", "|---|---|---|---|---|---|---|"]
    results: dict = {}
    goals = {"upr_issue": "micro ≥ 0.90, macro ≥ 0.82", "action_category": "macro ≥ 0.90", "response": "vs majority",
             "affected_group": "micro ≥ 0.85"}
    for taxonomy in ("upr_issue", "action_category", "response", "affected_group"):
        data = labelled_upr(train, taxonomy, issue_groups)
        t0 = time.perf_counter()
        model = fit_taxonomy(taxonomy, data, embed_batch(data.texts, data.languages, embedder))
        fit_seconds = time.perf_counter() - t0
        baseline = plain_baseline(taxonomy, data) if taxonomy != "affected_group" else None
        for name, subset in (("all test", test), ("unseen texts", unseen)):
            gold_data = labelled_upr(subset, taxonomy, issue_groups)
            batch = embed_batch(gold_data.texts, gold_data.languages, embedder)
            if taxonomy == "affected_group":  # scored on the groups UPR Info issues name (the only gold there is)
                named = set(model.labels)
                predicted = [[p.code for p in row if p.code in named] for row in predict_groups(model, terms, batch)]
                metrics = evaluate_sets(gold_data.label_sets, predicted)
                model_only = evaluate_model(model, batch, gold_data.label_sets)
                lines.append(row(f"affected_group, model only ({name})", model_only))
                # What the trafficking rule (groups.NAMED_BY_TREATY) adds or costs on this gold.
                no_rule = [[p.code for p in row if p.code in named] for row in predict_groups(model, terms, batch, ())]
                lines.append(row(f"affected_group, without the treaty rule ({name})",
                                 evaluate_sets(gold_data.label_sets, no_rule)))
            else:
                metrics = evaluate_model(model, batch, gold_data.label_sets)
            extra = goals[taxonomy]
            if taxonomy == "response":
                majority = max(np.mean([s == ["supported"] for s in gold_data.label_sets]),
                               np.mean([s == ["noted"] for s in gold_data.label_sets]))
                extra = f"accuracy {metrics['accuracy']:.3f} vs majority {majority:.3f}"
                results.setdefault("response", {})[name] = {"accuracy": metrics["accuracy"], "majority": float(majority)}
            if taxonomy == "action_category":
                extra += f"; accuracy {metrics['accuracy']:.3f}"
            lines.append(row(f"{taxonomy} ({name})", metrics, extra))
            results.setdefault(taxonomy, {})[name] = {"micro": metrics["micro"], "macro": metrics["macro"]}
            if taxonomy != "affected_group":
                plain = evaluate_sets(gold_data.label_sets, baseline(gold_data.texts))
                lines.append(row(f"{taxonomy}, plain TF-IDF + LR ({name})", plain,
                                 f"accuracy {plain['accuracy']:.3f}" if taxonomy != "upr_issue" else ""))
                results[taxonomy][f"{name}, plain"] = {"micro": plain["micro"], "macro": plain["macro"]}
        print(f"{taxonomy}: fitted in {fit_seconds:.0f} s", file=sys.stderr)
    return lines, results


def sdg_quality(embedder) -> tuple[list[str], dict]:
    records = [r for r in read_upr_info(DATA) if r.session not in TEST_SESSIONS]
    index = target_index(DATA, embedder, include_indicators=False)
    data = sdg_training_data(DATA, records, include_indicators=False)
    model = sdg_goal_model(data, embed_batch(data.texts, data.languages, embedder), index)
    indicators = [t for t in read_sdg_texts(DATA) if t.kind == "indicator"]
    lines = ["", "Cross-lingual SDG goal on the 252 official indicator texts per language (never seen in training): "
             "top-1 accuracy of the goal scores (classifier blended with target similarity, as `predict` ranks them), "
             "and the share whose true goal is among the predicted goals.", "",
             "| language | indicators | top-1 accuracy | true goal predicted | labels per text |", "|---|---|---|---|---|"]
    accuracies = {}
    for language in ("en", "fr", "es", "ru", "zh", "ar"):
        items = [t for t in indicators if t.language == language]
        batch = embed_batch([t.text for t in items], [language] * len(items), embedder)
        codes, best, _where = index.similarities(batch)
        columns_of_goal: dict[str, list[int]] = {}
        for column, code in enumerate(codes):
            columns_of_goal.setdefault(code.split(".")[0], []).append(column)
        scores = goal_scores(model, batch, best, columns_of_goal)
        top = [model.labels[i] for i in scores.argmax(axis=1)]
        predicted = [[p.code for p in row] for row in predict_sdg(model, index, batch)[0]]
        accuracy = float(np.mean([p == t.goal for p, t in zip(top, items, strict=True)]))
        recall = float(np.mean([t.goal in p for p, t in zip(predicted, items, strict=True)]))
        accuracies[language] = accuracy
        per_text = np.mean([len(p) for p in predicted])
        lines.append(f"| {language} | {len(items)} | {accuracy:.3f} | {recall:.3f} | {per_text:.2f} |")
    spread = (max(accuracies.values()) - min(accuracies.values())) * 100
    lines.append(f"\nBest-worst spread: {spread:.1f} points (goal: at most 10).")
    return lines, {"accuracy": accuracies, "spread_points": spread}


def speed(rounds: int = 3) -> tuple[list[str], dict]:
    """Cold load and throughput of the shipped models, all taxonomies, with an uncached embedder.

    ``predict`` and the bare encoder run in turn, ``rounds`` times each on the same texts; each keeps its best
    round, so a burst of load from other jobs on the shared cores hits one round of one of them, not the ratio.
    """
    texts = [r.text for r in read_upr_info(DATA) if r.session == 17][:2000]
    t0 = time.perf_counter()
    classifier = Classifier([SHIPPED], UniversalSentenceEncoder())
    classifier.predict(classifier.prepare(texts[:8]), TAXONOMIES)
    load = time.perf_counter() - t0

    def rate(step: Callable[[list[str]], object]) -> float:
        started = time.perf_counter()
        for start in range(0, len(texts), 512):
            step(texts[start:start + 512])
        return len(texts) / (time.perf_counter() - started)

    rates: list[float] = []
    encoder_rates: list[float] = []
    for _round in range(rounds):
        rates.append(rate(lambda chunk: classifier.predict(classifier.prepare(chunk), TAXONOMIES)))
        encoder_rates.append(rate(classifier.embedder.embed))  # same texts, same run: the ratio holds under load
    best, encoder_best = max(rates), max(encoder_rates)
    load_average = os.getloadavg()[0]
    lines = ["", f"Speed (shipped models, all {len(TAXONOMIES)} taxonomies, no embedding cache, {len(texts)} session-17 texts, "
             f"best of {rounds} rounds each, predict and encoder in turn; load average {load_average:.1f} at the end): "
             f"**{best:.0f} recommendations/s** (goal ≥ 300; rounds {', '.join(f'{r:.0f}' for r in rates)}; the bare "
             f"encoder alone, same texts, same run: {encoder_best:.0f}/s, rounds "
             f"{', '.join(f'{r:.0f}' for r in encoder_rates)}); "
             f"model load incl. the embedder and a first prediction **{load:.1f} s** (goal < 5 s); peak memory of the "
             f"process so far **{peak_memory_mb():.0f} MB** (goal < 1.5 GB)."]
    return lines, {"per_second": best, "encoder_per_second": encoder_best, "load_seconds": load, "rounds": rates,
                   "encoder_rounds": encoder_rates, "load_average": load_average}


def main(parts: list[str]) -> None:
    """Run the parts asked for (speed, upr, sdg; default all; "report" only rebuilds the section).

    Each part's lines are kept in the temporary folder so the section can be rebuilt without rerunning.
    """
    store = Path(tempfile.gettempdir(), "aspiration-quality")
    store.mkdir(exist_ok=True)
    for part in parts:
        if part == "report":  # only rebuild the section from the parts already measured
            continue
        if part == "speed":
            if not (SHIPPED / "manifest.json").exists():
                lines, results = ["", "No shipped models: speed not measured."], {}
            else:
                lines, results = speed()
        else:
            lines, results = (upr_quality if part == "upr" else sdg_quality)(default_embedder())
        (store / f"{part}.json").write_text(json.dumps({"lines": lines, "results": results}, indent=1))
    collected = {part: json.loads((store / f"{part}.json").read_text()) for part in ("upr", "sdg", "speed")
                 if (store / f"{part}.json").exists()}
    notes = Path(__file__).with_name("quality_notes.md")
    body = "\n".join(line for part in collected.values() for line in part["lines"])
    body += "\n\n" + notes.read_text() if notes.exists() else ""
    write_section("quality", "Classification quality and speed", body)


if __name__ == "__main__":
    # Speed first: the peak memory it reports is that of loading and predicting, before any training.
    main(sys.argv[1:] or ["speed", "upr", "sdg"])
