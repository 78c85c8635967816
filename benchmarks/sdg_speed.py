"""Speed of `predict` with the SDG target definitions, next to the bare encoder. Writes "sdg_speed".

Runs the quality benchmark's speed measurement (``benchmarks.quality.speed``: cold load, all taxonomies on
2000 session-17 texts, then the bare encoder on the same texts in the same run), and the SDG step alone
(goals and targets on embeddings already computed) with and without the own target definitions, and
states the machine's load average, since the machine is shared.

    OMP_NUM_THREADS=2 .venv/bin/python benchmarks/sdg_speed.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aspiration.nlp.datasets import read_upr_info  # noqa: E402
from aspiration.nlp.pipeline import SHIPPED, Classifier  # noqa: E402
from aspiration.nlp.sdg import TargetIndex, predict_sdg  # noqa: E402
from aspiration.nlp.target_queries import TargetQueries  # noqa: E402
from benchmarks.quality import DATA, speed  # noqa: E402
from benchmarks.report import write_section  # noqa: E402


def sdg_step(texts: list[str]) -> list[str]:
    classifier = Classifier([SHIPPED])
    batch = classifier.prepare(texts, ["en"] * len(texts))
    goal_model, index, queries = classifier.label_model("sdg_goal"), TargetIndex.load(SHIPPED), TargetQueries.load(SHIPPED)
    lines = ["", "SDG step alone (goals and targets, embeddings computed beforehand), the same English texts:", "",
             "| rules | texts/s |", "|---|---|"]
    for name, rules in (("nearest target texts only", None), ("+ Aurora queries (before)", TargetQueries(queries.lines)),
                        ("+ own target definitions (shipped)", queries)):
        started = time.perf_counter()
        predict_sdg(goal_model, index, batch, rules)
        lines.append(f"| {name} | {len(texts) / (time.perf_counter() - started):.0f} |")
    return lines


def main() -> None:
    before = os.getloadavg()[0]
    lines, _results = speed()
    texts = [r.text for r in read_upr_info(DATA) if r.session == 17][:2000]
    lines += sdg_step(texts)
    lines += ["", f"Load average (1 min) {before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end, on 2 cores."]
    write_section("sdg_speed", "SDG targets from definitions: speed", "\n".join(lines))


if __name__ == "__main__":
    main()
