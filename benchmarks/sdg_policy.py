"""SDG goals on policy text that is not a recommendation: VNR-style paragraphs. Writes "sdg_policy".

``benchmarks/data/sdg_policy_snippets.json`` holds 68 paragraphs written for this benchmark the way a
Voluntary National Review reports on one goal (figures, programmes, gaps), never naming the goal or its
number: two English paragraphs per goal, the first translated into French and Spanish. As in OSDG-style
evaluations, one SDG is asked per snippet: a snippet counts as right for its goal when that goal is among
the predicted sdg_goal labels; the accuracy is computed per goal and averaged over the 17 goals. Top-1 (the
best-scored goal is the asked one) and labels per snippet are reported beside it, since predicting many
goals would raise the first number.

Three rule settings are scored on the same embeddings, with the shipped goal model and target index:
nearest target texts only, with Aurora's target queries (the previous shipped behaviour), and the shipped
setting (the project's own target definitions, then Aurora's queries), as `aspiration predict` runs it.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/sdg_policy.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aspiration.nlp.pipeline import SHIPPED, Classifier  # noqa: E402
from aspiration.nlp.sdg import TargetIndex, predict_sdg  # noqa: E402
from aspiration.nlp.target_queries import TargetQueries  # noqa: E402
from benchmarks.report import write_section  # noqa: E402

SNIPPETS = ROOT / "benchmarks" / "data" / "sdg_policy_snippets.json"
GOALS = [str(g) for g in range(1, 18)]


def scores(items: list[dict], goals: list[list[str]]) -> tuple[float, float, float, list[str]]:
    """(accuracy averaged over goals, top-1 accuracy, labels per snippet, goals never found)."""
    per_goal = []
    never = []
    for goal in GOALS:
        rows = [k for k, item in enumerate(items) if item["goal"] == goal]
        if not rows:
            continue
        share = sum(goal in goals[k] for k in rows) / len(rows)
        per_goal.append(share)
        if share == 0:
            never.append(goal)
    top1 = sum(bool(g) and g[0] == item["goal"] for item, g in zip(items, goals, strict=True)) / len(items)
    return sum(per_goal) / len(per_goal), top1, sum(map(len, goals)) / len(items), never


def main() -> None:
    items = json.loads(SNIPPETS.read_text())["items"]
    classifier = Classifier([SHIPPED])
    started = time.perf_counter()
    batch = classifier.prepare([i["text"] for i in items], [i["language"] for i in items])
    encoder_seconds = time.perf_counter() - started
    goal_model = classifier.label_model("sdg_goal")
    index = TargetIndex.load(SHIPPED)
    shipped = TargetQueries.load(SHIPPED)
    settings = {"nearest target texts only": None, "+ Aurora target queries (before)": TargetQueries(shipped.lines),
                "+ own target definitions (shipped)": shipped}
    lines = [f"`benchmarks/data/sdg_policy_snippets.json`: {len(items)} VNR-style paragraphs written for this "
             "benchmark (two English per goal, the first also in French and Spanish), one goal asked per "
             "paragraph. Shipped goal model and target index; the rule setting varies. Encoding the "
             f"{len(items)} texts took {encoder_seconds:.1f} s.",
             "",
             "| rules | language | snippets | accuracy averaged over goals | top-1 | goals per snippet | goals never found |",
             "|---|---|---|---|---|---|---|"]
    for name, queries in settings.items():
        goals = [[p.code for p in row] for row in predict_sdg(goal_model, index, batch, queries)[0]]
        for language in ("all", "en", "fr", "es"):
            rows = [k for k, i in enumerate(items) if language in ("all", i["language"])]
            mean, top1, per, never = scores([items[k] for k in rows], [goals[k] for k in rows])
            lines.append(f"| {name} | {language} | {len(rows)} | {100 * mean:.1f} | {100 * top1:.1f} | {per:.2f} "
                         f"| {', '.join(never) or '-'} |")
    write_section("sdg_policy", "SDG goals on policy text that is not a recommendation", "\n".join(lines))


if __name__ == "__main__":
    main()
