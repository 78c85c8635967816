"""SDG targets against a hand-made gold set: precision and recall of the shipped classifier. Writes "sdg_target_gold".

The gold (benchmarks/data/sdg_target_gold.json, built by sdg_target_gold_annotate.py, method in
benchmarks/data/README.md) gives each recommendation the targets it asks for, read against the official
target texts. The texts go through `aspiration predict` (the stable contract, shipped models, a fresh
ASPIRATION_HOME), and its sdg_target and sdg_goal labels are scored per item: micro and macro over targets,
goal level (the sdg_goal labels, and the goals of the predicted targets), per language and per source.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/sdg_target_gold.py
    .venv/bin/python benchmarks/sdg_target_gold.py --predictions out.jsonl   # score a saved predict output
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aspiration.nlp.metrics import evaluate_sets  # noqa: E402
from benchmarks.report import write_section  # noqa: E402

GOLD = ROOT / "benchmarks" / "data" / "sdg_target_gold.json"


def predict(items: list[dict], output: Path) -> float:
    """Run `aspiration predict` on the gold texts in a fresh home; returns the wall time in seconds."""
    with tempfile.TemporaryDirectory() as home:
        source = Path(home) / "in.jsonl"
        source.write_text("".join(json.dumps({"id": i["id"], "text": i["text"], "language": i["language"]},
                                             ensure_ascii=False) + "\n" for i in items))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "aspiration.cli", "predict", "--input", str(source), "--output",
                        str(output), "--taxonomy", "sdg_goal", "--taxonomy", "sdg_target"],
                       check=True, env={**os.environ, "ASPIRATION_HOME": home})
        return time.perf_counter() - started


def read_predictions(path: Path) -> dict[str, dict[str, list[str]]]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    bad = [r["id"] for r in rows if "error" in r]
    if bad:
        sys.exit(f"predict refused {len(bad)} texts: {bad[:5]}")
    return {r["id"]: {t: [label["code"] for label in r["labels"].get(t, [])] for t in ("sdg_goal", "sdg_target")}
            for r in rows}


def goals(codes: list[str]) -> list[str]:
    return sorted({c.split(".")[0] for c in codes})


def scores(items: list[dict], predicted: dict[str, dict[str, list[str]]]) -> dict:
    gold = [i["targets"] for i in items]
    targets = [predicted[i["id"]]["sdg_target"] for i in items]
    target = evaluate_sets(gold, targets)
    goal = evaluate_sets([goals(g) for g in gold], [predicted[i["id"]]["sdg_goal"] for i in items])
    goal_of_targets = evaluate_sets([goals(g) for g in gold], [goals(t) for t in targets])
    empty = [t for g, t in zip(gold, targets, strict=True) if not g]
    return {"items": len(items), "gold_targets": sum(map(len, gold)), "predicted_targets": sum(map(len, targets)),
            "target_micro": target["micro"], "target_macro": target["macro"], "target_exact": target["accuracy"],
            "goal_micro": goal["micro"], "goal_macro": goal["macro"], "goal_of_targets_micro": goal_of_targets["micro"],
            "no_target_items": len(empty), "no_target_given_one": sum(1 for t in empty if t)}


def row(name: str, s: dict) -> str:
    tm, tM, gm, gt = s["target_micro"], s["target_macro"], s["goal_micro"], s["goal_of_targets_micro"]
    spare = f"{s['no_target_given_one']} of {s['no_target_items']}" if s["no_target_items"] else "-"
    return (f"| {name} | {s['items']} | {s['gold_targets']} | {s['predicted_targets']} | {tm['precision']:.3f} "
            f"| {tm['recall']:.3f} | {tm['f1']:.3f} | {tM['precision']:.3f} | {tM['recall']:.3f} | {tM['f1']:.3f} "
            f"| {s['target_exact']:.3f} | {gm['precision']:.3f} | {gm['recall']:.3f} | {gm['f1']:.3f} "
            f"| {gt['precision']:.3f} | {gt['recall']:.3f} | {spare} |")


def misses(items: list[dict], predicted: dict[str, dict[str, list[str]]], top: int = 8) -> list[str]:
    wrong, missed = Counter(), Counter()
    for item in items:
        guess, gold = set(predicted[item["id"]]["sdg_target"]), set(item["targets"])
        wrong.update(guess - gold)
        missed.update(gold - guess)
    return ["- Most frequent targets given without support in the gold: "
            + ", ".join(f"{c} ({n})" for c, n in wrong.most_common(top)) + ".",
            "- Most frequent gold targets missed: " + ", ".join(f"{c} ({n})" for c, n in missed.most_common(top)) + "."]


def source_of(item: dict) -> str:
    return {"UPR": "UPR Info" if item["id"].startswith("upr-") else "OHCHR matrix"}.get(item["mechanism"],
                                                                                        "voluntary pledges")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--predictions", type=Path, help="score this saved `aspiration predict` output instead")
    args = parser.parse_args()
    gold = json.loads(GOLD.read_text())
    items = gold["items"]
    seconds = None
    if args.predictions:
        output = args.predictions
    else:
        output = Path(tempfile.mkdtemp()) / "predictions.jsonl"
        seconds = predict(items, output)
    predicted = read_predictions(output)
    groups: list[tuple[str, list[dict]]] = [("all", items)]
    groups += [(f"language {lang}", [i for i in items if i["language"] == lang])
               for lang in sorted({i["language"] for i in items})]
    originals = [i for i in items if not i["translated"]]
    groups += [(name, [i for i in originals if source_of(i) == name]) for name in sorted({source_of(i) for i in originals})]
    source_ids = {i["source_id"] for i in items if i["translated"]}
    if source_ids:
        groups.append(("English sources of the translations", [i for i in items if i["id"] in source_ids]))
    a = gold["agreement"]
    lines = [
        f"Gold: `benchmarks/data/sdg_target_gold.json`, {len(items)} recommendations ({a['items']} English texts "
        f"judged in two passes, {len(items) - a['items']} faithful translations carrying their source's targets); "
        f"method and provenance in `benchmarks/data/README.md`. Targets are read against the official target and "
        f"indicator texts; an item may have several targets or none.",
        "",
        f"Agreement of the two passes (same annotator, second pass in another order without the first's "
        f"judgements, the last 25 items target by target; per block in the README): exact target set "
        f"{a['exact_match']:.3f}, mean Jaccard {a['mean_jaccard']:.3f}, pooled Cohen's "
        f"kappa over targets {a['pooled_kappa']:.3f} (goals: exact {a['goal_exact_match']:.3f}, kappa "
        f"{a['goal_pooled_kappa']:.3f}); {a['disagreements']} disagreements adjudicated into the gold.",
        "",
        "`aspiration predict --taxonomy sdg_goal --taxonomy sdg_target`, shipped models, fresh ASPIRATION_HOME"
        + (f" ({len(items)} texts in {seconds:.0f} s including the model load)." if seconds else "."),
        "",
        "| set | items | gold targets | predicted targets | target P (micro) | R | F1 | target P (macro) | R | F1 "
        "| exact set | goal P (sdg_goal) | R | F1 | goal P (of targets) | R | no-target items given one |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [row(name, scores(group, predicted)) for name, group in groups if group]
    lines += ["", "Macro averages are over the targets (goals) present in the gold or the predictions. The French and "
              "Spanish items are translations of the English ones in the last row, so those three rows compare "
              "languages on the same content. Under the gold's rules 1.1 is extreme poverty only, so 1.1 for "
              "\"eradicate poverty\" counts as a wrong target (its goal is right).", ""]
    lines += misses(items, predicted)
    write_section("sdg_target_gold", "SDG targets: a gold set read against the target texts", "\n".join(lines))


if __name__ == "__main__":
    main()
