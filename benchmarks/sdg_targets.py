"""SDG target precision: does a target come with text that supports it? Writes the "sdg_targets" section.

1. UPR Info sessions 15-17 (English, first 3000 texts): how often 16.2 (children) and 16.5
   (corruption) are given, and how often to a text without a child/trafficking or corruption
   word; torture recommendations given 16.2. Nearness only, with the Aurora target queries
   as rules (the previous shipped setting), and with the project's own target definitions
   first (shipped now). A word check, not a gold set: it measures the failure the issue
   describes, not precision in general.
2. The official indicator texts in six languages: each belongs to one target, so target
   precision and recall against it, with a target index built from the target texts only.

    ASPIRATION_EMBEDDING_CACHE=/tmp/aspiration-embedding-cache .venv/bin/python benchmarks/sdg_targets.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aspiration.nlp.datasets import read_sdg_texts, read_upr_info  # noqa: E402
from aspiration.nlp.embedding import default_embedder  # noqa: E402
from aspiration.nlp.pipeline import SHIPPED, Classifier  # noqa: E402
from aspiration.nlp.sdg import TargetIndex, predict_sdg  # noqa: E402
from aspiration.nlp.target_queries import TargetQueries  # noqa: E402
from aspiration.nlp.training import target_index  # noqa: E402
from benchmarks.quality import DATA  # noqa: E402
from benchmarks.report import write_section  # noqa: E402

CHILD = re.compile(r"\b(child|girl|boy|minor|juvenile|infant|adolescent|youth|pupil|student|school|traffick)", re.I)
CORRUPTION = re.compile(r"\b(corrupt|brib)", re.I)
TORTURE = re.compile(r"\btortur", re.I)


def upr_check(classifier: Classifier, queries: TargetQueries) -> list[str]:
    records = [r for r in read_upr_info(DATA) if r.session in (15, 16, 17)][:3000]
    batch = classifier.prepare([r.text for r in records], ["en"] * len(records))
    goal_model, index = classifier.label_model("sdg_goal"), TargetIndex.load(SHIPPED)
    lines = [f"UPR Info sessions 15-17, {len(records)} English recommendations, shipped models:", "",
             "| targets chosen by | targets per text | texts with a target | 16.2 given | ... without a child or "
             "trafficking word | torture texts given 16.2 | 16.5 given | ... without a corruption word | SDG step |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, rules in (("nearness only", None), ("nearness + Aurora queries (before)", TargetQueries(queries.lines)),
                        ("+ own target definitions (now)", queries)):
        t0 = time.perf_counter()
        _goals, targets = predict_sdg(goal_model, index, batch, rules)
        rate = len(records) / (time.perf_counter() - t0)
        given = {code: [i for i, row in enumerate(targets) if any(p.code == code for p in row)] for code in ("16.2", "16.5")}
        no_child = sum(1 for i in given["16.2"] if not CHILD.search(records[i].text))
        torture = sum(1 for i in given["16.2"] if TORTURE.search(records[i].text))
        no_corruption = sum(1 for i in given["16.5"] if not CORRUPTION.search(records[i].text))
        with_target = sum(1 for t in targets if t) / len(records)
        lines.append(f"| {name} | {sum(map(len, targets)) / len(records):.2f} | {with_target:.2f} "
                     f"| {len(given['16.2'])} | {no_child} | {torture} of {sum(1 for r in records if TORTURE.search(r.text))} "
                     f"| {len(given['16.5'])} | {no_corruption} | {rate:.0f} texts/s |")
    return lines


def indicator_check(classifier: Classifier, queries: TargetQueries) -> list[str]:
    embedder = classifier.embedder
    index = target_index(DATA, embedder, include_indicators=False)
    goal_model = classifier.label_model("sdg_goal")
    indicators = [t for t in read_sdg_texts(DATA) if t.kind == "indicator"]
    lines = ["", "Official indicator texts (each scored against its own target; the target index here holds target texts "
             "only; the shipped goal model saw the indicator texts in training, so goals are optimistic):", "",
             "| language | indicators | targets chosen by | precision | recall | targets per text |", "|---|---|---|---|---|---|"]
    for language in ("en", "fr", "es", "ru", "zh", "ar"):
        items = [t for t in indicators if t.language == language]
        batch = classifier.prepare([t.text for t in items], [language] * len(items))
        for name, rules in (("nearness only", None), ("+ Aurora queries (before)", TargetQueries(queries.lines)),
                            ("+ own definitions (now)", queries)):
            _goals, targets = predict_sdg(goal_model, index, batch, rules)
            predicted = sum(map(len, targets))
            right = sum(1 for t, row in zip(items, targets, strict=True) if any(p.code == t.target for p in row))
            lines.append(f"| {language} | {len(items)} | {name} | {right / max(predicted, 1):.3f} | {right / len(items):.3f} "
                         f"| {predicted / len(items):.2f} |")
    return lines


def main() -> None:
    classifier = Classifier([SHIPPED], default_embedder())
    queries = TargetQueries.load(SHIPPED)
    lines = upr_check(classifier, queries) + indicator_check(classifier, queries)
    notes = Path(__file__).with_name("sdg_targets_notes.md")
    body = "\n".join(lines) + ("\n\n" + notes.read_text() if notes.exists() else "")
    print(body)
    write_section("sdg_targets", "SDG targets: precision", body)


if __name__ == "__main__":
    main()
