"""Affected groups and SDG goals against OHCHR's own labels in a UPR matrix. Writes "sdg_matrix".

The OHCHR thematic list of recommendations for Slovenia, second cycle (A/HRC/28/15; the only matrix in
../shared/data/ohchr-upr-matrix) gives every recommendation OHCHR's "affected persons". They are read with
the project's importer and mapped to affected_group codes through the reference data
(``catalog.affected_groups_for_uhri``: "minorities/ racial, ethnic ..." -> minorities, "non-citizens" ->
migrants; "general", "disappeared persons" and "judges, lawyers and prosecutors" have no group). Nothing
of the matrix is trained on: every one of its 163 recommendations is held out. The misses of the even rows
were read once (they led to the trafficking rule in ``aspiration/nlp/groups.py``); the odd rows never were,
and are reported apart. The texts go through
`aspiration predict` (shipped models, a fresh ASPIRATION_HOME).

This second-cycle matrix (2015) predates OHCHR's "Relevant SDGs" column, so it has no SDG tags to score
sdg_goal against; its goals are scored on the 40 matrix paragraphs of the project's target gold set
(``benchmarks/data/sdg_target_gold.json``, targets read against the official texts), reported here and in
the "sdg_target_gold" section.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/sdg_matrix.py
"""

from __future__ import annotations

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

from aspiration.corpus.importers.ohchr_matrix import parse  # noqa: E402
from aspiration.nlp.groups import NAMED_BY_TREATY  # noqa: E402
from aspiration.nlp.metrics import evaluate_sets  # noqa: E402
from aspiration.reference.catalog import affected_groups_for_uhri  # noqa: E402
from benchmarks.report import write_section  # noqa: E402

MATRIX = ROOT.parent / "shared" / "data" / "ohchr-upr-matrix" / "UPR20_Slovenia_ThematicListRecommendations_E.docx"
GOLD = ROOT / "benchmarks" / "data" / "sdg_target_gold.json"
TAXONOMIES = ("affected_group", "sdg_goal", "sdg_target")


def predict(rows: list[dict]) -> tuple[list[dict], float]:
    """`aspiration predict` on ``rows`` ({"id", "text", "language"}) in a fresh home: (output lines, seconds)."""
    with tempfile.TemporaryDirectory() as home:
        source, output = Path(home) / "in.jsonl", Path(home) / "out.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        started = time.perf_counter()
        command = [sys.executable, "-m", "aspiration.cli", "predict", "--input", str(source), "--output", str(output)]
        for taxonomy in TAXONOMIES:
            command += ["--taxonomy", taxonomy]
        subprocess.run(command, check=True, env={**os.environ, "ASPIRATION_HOME": home})
        seconds = time.perf_counter() - started
        lines = [json.loads(line) for line in output.read_text().splitlines() if line.strip()]
    if bad := [line["id"] for line in lines if "error" in line]:
        sys.exit(f"predict refused {len(bad)} texts: {bad[:5]}")
    return lines, seconds


def codes(line: dict, taxonomy: str, mentions: bool | None = None) -> list[str]:
    """The codes of one taxonomy; ``mentions`` True/False keeps only labels whose reason is / is not a mention."""
    labels = line["labels"].get(taxonomy, [])
    if mentions is not None:
        labels = [label for label in labels if label["reason"].startswith("mentions ") == mentions]
    return [label["code"] for label in labels]


def without_rule(line: dict) -> list[str]:
    """The groups without those only the treaty rules (``groups.NAMED_BY_TREATY``) gave: their reason names the treaty."""
    treaties = [treaty for _pattern, _codes, treaty in NAMED_BY_TREATY]
    return [label["code"] for label in line["labels"].get("affected_group", [])
            if not any(treaty in label["reason"] for treaty in treaties)]


def measured(name: str, gold: list[list[str]], guess: list[list[str]]) -> str:
    m = evaluate_sets(gold, guess)["micro"]
    return (f"| {name} | {len(gold)} | {sum(map(len, gold))} | {sum(map(len, guess))} | {m['precision']:.3f} "
            f"| {m['recall']:.3f} | {m['f1']:.3f} |")


def main() -> None:
    records = [r for r in parse(MATRIX) if hasattr(r, "labels")]
    values = Counter(v for r in records for v in r.labels.get("uhri_affected_person", []))
    unmapped = sorted(v for v in values if not affected_groups_for_uhri(v))
    gold = [sorted({c for v in r.labels.get("uhri_affected_person", []) for c in affected_groups_for_uhri(v)})
            for r in records]
    target_gold = [i for i in json.loads(GOLD.read_text())["items"]
                   if i["mechanism"] == "UPR" and not i["id"].startswith("upr-") and not i["translated"]]
    rows = [{"id": f"matrix-{r.paragraph}", "text": r.text, "language": "en"} for r in records]
    rows += [{"id": i["id"], "text": i["text"], "language": i["language"]} for i in target_gold]
    lines, seconds = predict(rows)
    matrix_lines, gold_lines = lines[: len(records)], lines[len(records):]
    guess = [codes(line, "affected_group") for line in matrix_lines]

    table = ["| affected_group | recommendations | OHCHR groups | predicted | micro-P | micro-R | micro-F1 |",
             "|---|---|---|---|---|---|---|",
             measured("mentions and model (shipped)", gold, guess),
             measured("explicit mentions only", gold, [codes(line, "affected_group", True) for line in matrix_lines]),
             measured("model only (labels without a mention)", gold,
                      [codes(line, "affected_group", False) for line in matrix_lines]),
             measured("without the treaty rule (its labels dropped)", gold, [without_rule(line) for line in matrix_lines]),
             measured("without the treaty rule, odd rows", gold[1::2], [without_rule(line) for line in matrix_lines[1::2]]),
             measured("shipped, even rows (their misses were read)", gold[0::2], guess[0::2]),
             measured("shipped, odd rows (never read)", gold[1::2], guess[1::2])]
    per_group = evaluate_sets(gold, guess)["labels"]
    group_rows = ["| group | OHCHR count | precision | recall | F1 |", "|---|---|---|---|---|"]
    group_rows += [f"| {code} | {row['support']} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1']:.2f} |"
                   for code, row in sorted(per_group.items(), key=lambda item: -item[1]["support"])]
    wrong, missed = Counter(), Counter()
    for g, p in zip(gold, guess, strict=True):
        wrong.update(set(p) - set(g))
        missed.update(set(g) - set(p))

    def goals_of(targets: list[str]) -> list[str]:
        return sorted({t.split(".")[0] for t in targets})

    goal = evaluate_sets([goals_of(i["targets"]) for i in target_gold], [codes(line, "sdg_goal") for line in gold_lines])
    target = evaluate_sets([i["targets"] for i in target_gold], [codes(line, "sdg_target") for line in gold_lines])
    g, t = goal["micro"], target["micro"]
    lines_out = [
        f"OHCHR matrix, Slovenia, second cycle (A/HRC/28/15): {len(records)} recommendations, all held out (nothing "
        f"of the matrix is trained on; the misses of the even rows were read once, the odd rows never). "
        f"OHCHR's affected persons mapped to affected_group codes through the reference "
        f"data; {', '.join(repr(v) for v in unmapped)} have no group ({sum(values[v] for v in unmapped)} tags). "
        f"`aspiration predict`, shipped models, fresh ASPIRATION_HOME ({len(rows)} texts in {seconds:.0f} s including "
        "the model load).",
        "",
        *table,
        "",
        *group_rows,
        "",
        "- Groups given that OHCHR did not tag: " + ", ".join(f"{c} ({n})" for c, n in wrong.most_common(6)) + ".",
        "- OHCHR groups missed: " + ", ".join(f"{c} ({n})" for c, n in missed.most_common(6)) + ".",
        "",
        f"sdg_goal: this matrix has no SDG tags (the \"Relevant SDGs\" column came with later cycles). On its "
        f"{len(target_gold)} paragraphs in the target gold set (goals read from the gold targets): goal micro-P "
        f"{g['precision']:.3f}, R {g['recall']:.3f}, F1 {g['f1']:.3f}; targets P {t['precision']:.3f}, "
        f"R {t['recall']:.3f}, F1 {t['f1']:.3f}.",
    ]
    write_section("sdg_matrix", "Affected groups and SDG goals against an OHCHR UPR matrix", "\n".join(lines_out))


if __name__ == "__main__":
    main()
