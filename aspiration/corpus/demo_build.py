"""Rebuild the bundled demo corpus from the UPR Info export: ``python -m aspiration.corpus.demo_build DIR``.

A reproducible, varied sample of at most 3,000 rows: every session (1-17), states from every
regional group, whole joint recommendations (all their rows), plus some voluntary pledges.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

from aspiration.corpus.importers import text_key
from aspiration.corpus.importers.tabular import csv_rows

DEMO = Path(__file__).resolve().parent / "demo"
MAX_ROWS = 3000
STATES_PER_SESSION = 4
GROUPS_PER_REVIEW = 36
PLEDGES = 60
SEED = 20080407  # the first UPR session opened on 7 April 2008


def build(source: Path, target: Path = DEMO) -> int:
    rng = random.Random(SEED)
    header: list[str] = []
    reviews: dict[tuple[str, str], dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    regions: dict[str, str] = {}
    pledges: list[dict] = []
    for path in sorted(source.glob("upr-info-sessions-*.csv")):
        header, rows = csv_rows(path)
        for _number, row in rows:
            if "voluntary" in path.name:
                pledges.append(row)
                continue
            reviews[(row["Session"], row["To"])][text_key(row["Text"])].append(row)
            regions[row["To"]] = row["To-Rgrp"]
    chosen: list[dict] = []
    for session in sorted({s for s, _ in reviews}, key=int):
        by_region: dict[str, list[str]] = defaultdict(list)
        for s, state in sorted(reviews):
            if s == session:
                by_region[regions[state]].append(state)
        # Round-robin over regional groups so each session shows several regions.
        groups = sorted(by_region)
        rng.shuffle(groups)
        states = [rng.choice(by_region[group]) for group in groups][:STATES_PER_SESSION]
        for state in states:
            joint = list(reviews[(session, state)].values())
            for rows in rng.sample(joint, min(GROUPS_PER_REVIEW, len(joint))):
                chosen.extend(rows)
    chosen.extend(rng.sample(pledges, PLEDGES))
    chosen = chosen[:MAX_ROWS]
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "upr-info-demo.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(chosen)
    years = source / "upr-years.csv"
    if years.exists():
        (target / "upr-years.csv").write_text(years.read_bytes().decode("mac_roman").replace("\r", "\n"), encoding="utf-8")
    return len(chosen)


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "rows written to", DEMO)
