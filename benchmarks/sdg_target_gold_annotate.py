"""Build the SDG target gold set (benchmarks/data/sdg_target_gold.json) from hand-written judgements.

The judgements are data written by a person reading each text against the official target texts;
nothing here calls the project's models, so the gold stays independent of the classifier it measures.

    python benchmarks/sdg_target_gold_annotate.py select            # the items (deterministic sample)
    python benchmarks/sdg_target_gold_annotate.py show 1 3          # pass 1, batch 3: texts in pass-1 order
    python benchmarks/sdg_target_gold_annotate.py show 2 3          # pass 2, batch 3: a different order, no pass-1 data
    python benchmarks/sdg_target_gold_annotate.py record 1 < j.json # append judgements of a batch (validated)
    python benchmarks/sdg_target_gold_annotate.py build             # agreement + adjudication -> the gold file

Pass 1 gives targets with a justification each, pass 2 the codes only (see ``record``); where they differ
the adjudication file (one JSON line per item: ``{"id", "targets", "why", "note"}``) says what holds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aspiration.nlp.datasets import read_sdg_texts, read_upr_info  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
HERE = ROOT / "benchmarks" / "data"
ITEMS = HERE / "sdg_target_gold_items.jsonl"
TRANSLATIONS = HERE / "sdg_target_gold_translations.jsonl"
PASSES = {1: HERE / "sdg_target_gold_pass1.jsonl", 2: HERE / "sdg_target_gold_pass2.jsonl"}
ADJUDICATION = HERE / "sdg_target_gold_adjudication.jsonl"
GOLD = HERE / "sdg_target_gold.json"
MATRIX = "ohchr-upr-matrix/UPR20_Slovenia_ThematicListRecommendations_E.docx"
SEED = 20261202
BATCH = 25

# UPR Info issue -> how many texts to draw (sessions 15-17): spread over the SDG goals, with issues that
# usually have no SDG target (treaties, special procedures, death penalty) so that "no target" is tested.
QUOTAS = {
    "Women's rights": 10, "Rights of the Child": 10, "Right to education": 9, "Right to health": 9, "Labour": 8,
    "Trafficking": 7, "Poverty": 8, "Right to food": 6, "Right to water": 6, "Right to housing": 5,
    "Environment": 6, "Development": 7, "Corruption": 5, "Justice": 7, "Torture and other CID treatment": 6,
    "Detention": 4, "Migrants": 5, "Minorities": 4, "Racial discrimination": 5, "Disabilities": 5,
    "Indigenous peoples": 4, "HIV - Aids": 4, "Right to land": 3, "Death penalty": 4,
    "International instruments": 6, "Special procedures": 3, "NHRI": 4, "Freedom of the press": 4,
    "Human rights defenders": 3, "Sexual Orientation and Gender Identity": 3, "Elections": 3,
    "Internally displaced persons": 2, "Human rights education and training": 4, "Enforced disappearances": 2,
    "Freedom of religion and belief": 2,
}
MATRIX_ITEMS, PLEDGES = 40, 15
# Appended after the first 238 items (own seed, so those stay as they were): texts naming the matters of
# goals the issue quotas barely reach (infrastructure, energy, cities, climate, oceans, land, technology).
EXTRA_ITEMS = 25
EXTRA = re.compile(r"climate change|natural disaster|disaster risk|environmental (?:protection|degradation|impact)|"
                   r"pollut|forest|fisher|renewable|energy|electricity|access to (?:the )?internet|rural infrastructure|"
                   r"biodivers|mining|extractive|tourism|road safety|public transport|waste|natural resources",
                   re.IGNORECASE)
MIN_CHARS, MAX_CHARS = 40, 420


def sha1(text: str) -> str:
    return hashlib.sha1(text.strip().encode()).hexdigest()


def space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def upr_records() -> list:
    records = [r for r in read_upr_info(DATA) if r.session in (15, 16, 17) and MIN_CHARS <= len(r.text) <= MAX_CHARS]
    return sorted(records, key=lambda r: (r.session, r.state, r.text))


def upr_item(r, stratum: str) -> dict:
    return {"id": f"upr-s{r.session}-{sha1(r.text)[:10]}", "text": r.text, "language": "en", "mechanism": "UPR",
            "source": "UPR Info database of recommendations",
            "reference": {"state": r.state, "session": r.session, "recommending": r.recommending,
                          "upr_info_issues": r.issues, "text_sha1": sha1(r.text)},
            "stratum": stratum}


def upr_items(rng: random.Random) -> list[dict]:
    records = upr_records()
    taken: set[str] = set()
    items = []
    for issue, count in QUOTAS.items():
        pool = [r for r in records if issue in r.issues and r.text.lower() not in taken]
        for r in rng.sample(pool, count):
            taken.add(r.text.lower())
            items.append(upr_item(r, issue))
    return items


def extra_items(rng: random.Random, taken: set[str]) -> list[dict]:
    pool = [r for r in upr_records() if EXTRA.search(r.text) and f"upr-s{r.session}-{sha1(r.text)[:10]}" not in taken]
    return [upr_item(r, "other goals (keyword)") for r in rng.sample(pool, EXTRA_ITEMS)]


def matrix_items(rng: random.Random) -> list[dict]:
    from aspiration.corpus.importers.ohchr_matrix import parse

    records = [r for r in parse(DATA / MATRIX) if getattr(r, "text", "") and len(r.text) <= MAX_CHARS]
    return [{"id": f"matrix-{r.paragraph}", "text": r.text, "language": "en", "mechanism": "UPR",
             "source": "OHCHR thematic list of recommendations (UPR matrix), Slovenia, 2nd cycle, A/HRC/28/15",
             "reference": {"document": r.document, "paragraph": r.paragraph, "recommending": r.recommending_states},
             "stratum": "OHCHR matrix"} for r in rng.sample(records, MATRIX_ITEMS)]


def pledge_items(rng: random.Random) -> list[dict]:
    raw = (DATA / "upr-info" / "upr-info-sessions-voluntary.csv").read_bytes().decode("utf-8", errors="replace")
    rows = list(csv.DictReader(io.StringIO(raw.replace("\r\n", "\n").replace("\r", "\n"))))
    rows = [r for r in rows if MIN_CHARS <= len(space(r["Text"])) <= MAX_CHARS]
    return [{"id": f"pledge-s{r['Session'].strip()}-{sha1(space(r['Text']))[:10]}", "text": space(r["Text"]),
             "language": "en", "mechanism": "UPR voluntary pledge", "source": "UPR Info database (voluntary pledges)",
             "reference": {"state": r["To"].strip(), "session": r["Session"].strip(), "text_sha1": sha1(space(r["Text"]))},
             "stratum": "voluntary pledge"} for r in rng.sample(rows, PLEDGES)]


def select() -> None:
    rng = random.Random(SEED)
    groups = [upr_items(rng), matrix_items(rng), pledge_items(rng)]
    # Interleave the sources evenly so that every batch of 25 mixes mechanisms and issues.
    for group in groups:
        rng.shuffle(group)
    ranked = [((k + 0.5) / len(group), g, item) for g, group in enumerate(groups) for k, item in enumerate(group)]
    items = [item for _rank, _g, item in sorted(ranked, key=lambda r: (r[0], r[1]))]
    items += extra_items(random.Random(SEED + 1), {i["id"] for i in items})
    ITEMS.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items))
    print(f"{len(items)} items: " + ", ".join(f"{k} {v}" for k, v in Counter(i["stratum"] for i in items).most_common()))


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def items() -> list[dict]:
    return read_lines(ITEMS)


def batch(number: int, pass_number: int) -> list[dict]:
    """Pass 1 reads the items in file order; pass 2 in another order: each block of 100 items (four batches)
    shuffled by a hash, so pass 2 can follow pass 1 block by block without ever showing pass 1's judgements."""
    chosen = items()
    if pass_number == 2:
        block = (number - 1) // 4
        chosen = sorted(chosen[block * 100: (block + 1) * 100],
                        key=lambda i: hashlib.sha1(f"pass2:{i['id']}".encode()).hexdigest())
        number -= block * 4
    return chosen[(number - 1) * BATCH: number * BATCH]


def show(pass_number: int, number: int) -> None:
    """The texts of a batch still to judge in that pass (ids and texts only: never another pass's judgements)."""
    done = {j["id"] for j in read_lines(PASSES[pass_number])}
    for item in batch(number, pass_number):
        if item["id"] not in done:
            print(f"{item['id']}\t{item['text']}")


def targets(language: str = "en") -> dict[str, str]:
    return {t.code: t.text for t in read_sdg_texts(DATA) if t.kind == "target" and t.language == language}


def official_texts(language: str) -> dict[str, str]:
    """Target text followed by its indicators: the justification may quote either (both are official)."""
    texts: dict[str, str] = {}
    for t in read_sdg_texts(DATA):
        if t.language == language and t.kind in ("target", "indicator"):
            code = t.code if t.kind == "target" else ".".join(t.code.split(".")[:2])
            texts[code] = texts.get(code, "") + " " + t.text
    return texts


def record(pass_number: int) -> None:
    """Append a batch of judgements, refusing unknown ids, target codes or quotes (a typo must not become gold).

    Pass 1 gives, per item, each target with its justification: ``{"id": {"5.3": ["text words", "target
    words"]}}`` (``{}`` = no target); pass 2 gives the codes only: ``{"id": ["5.3"]}``."""
    judgements = json.loads(sys.stdin.read())
    by_id, official = {i["id"]: i for i in items()}, official_texts("en")
    done = {j["id"] for j in read_lines(PASSES[pass_number])}
    lines = []
    for item_id, chosen in judgements.items():
        bad = [c for c in chosen if c not in official]
        if item_id not in by_id or bad:
            sys.exit(f"{item_id}: unknown item or target {bad}")
        if item_id in done:
            sys.exit(f"{item_id}: already judged in pass {pass_number}")
        line = {"id": item_id, "targets": sorted(chosen, key=code_key)}
        if pass_number == 1:
            check_why(by_id[item_id], chosen, line["targets"], official)
            line["why"] = chosen
        lines.append(json.dumps(line, ensure_ascii=False) + "\n")
    with PASSES[pass_number].open("a") as out:
        out.writelines(lines)
    print(f"pass {pass_number}: {len(lines)} recorded, {len(done) + len(lines)} in all")


def code_key(code: str) -> tuple:
    goal, target = code.split(".")
    return (int(goal), (0, int(target)) if target.isdigit() else (1, target))


def normal(text: str) -> str:
    return space(text).lower().replace("’", "'")


def check_why(item: dict, why: dict[str, list[str]], gold: list[str], official: dict[str, str]) -> None:
    if sorted(why) != sorted(gold):
        sys.exit(f"{item['id']}: justifications {sorted(why)} do not match targets {gold}")
    for code, (text_words, target_words) in why.items():
        if normal(text_words) not in normal(item["text"]):
            sys.exit(f"{item['id']} {code}: {text_words!r} is not in the text")
        if normal(target_words) not in normal(official[code]):
            sys.exit(f"{item['id']} {code}: {target_words!r} is not in the official target/indicator text")


def kappa(first: list[bool], second: list[bool]) -> float:
    n = len(first)
    agree = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1, p2 = sum(first) / n, sum(second) / n
    chance = p1 * p2 + (1 - p1) * (1 - p2)
    return (agree - chance) / (1 - chance) if chance < 1 else 1.0


def agreement(ids: list[str], one: dict[str, list[str]], two: dict[str, list[str]]) -> dict:
    """Per item exact match and mean Jaccard; Cohen's kappa per target over all items (targets given by
    either pass), pooled, and at goal level."""
    exact = sum(set(one[i]) == set(two[i]) for i in ids) / len(ids)
    jaccard = sum(len(set(one[i]) & set(two[i])) / len(set(one[i]) | set(two[i])) if one[i] or two[i] else 1.0
                  for i in ids) / len(ids)
    used = sorted({c for i in ids for c in one[i] + two[i]}, key=code_key)
    per_target = {c: kappa([c in one[i] for i in ids], [c in two[i] for i in ids]) for c in used}
    pooled = kappa([c in one[i] for c in used for i in ids], [c in two[i] for c in used for i in ids])
    goals = sorted({c.split(".")[0] for c in used}, key=int)
    goal_of = {i: ({c.split(".")[0] for c in one[i]}, {c.split(".")[0] for c in two[i]}) for i in ids}
    goal_exact = sum(a == b for a, b in goal_of.values()) / len(ids)
    goal_kappa = kappa([g in goal_of[i][0] for g in goals for i in ids], [g in goal_of[i][1] for g in goals for i in ids])
    return {"items": len(ids), "exact_match": round(exact, 3), "mean_jaccard": round(jaccard, 3),
            "pooled_kappa": round(pooled, 3), "goal_exact_match": round(goal_exact, 3),
            "goal_pooled_kappa": round(goal_kappa, 3),
            "disagreements": sum(set(one[i]) != set(two[i]) for i in ids),
            "kappa_per_target": {c: round(k, 3) for c, k in per_target.items()}}


def build() -> None:
    """Items judged in both passes become gold: agreed targets as they are, the rest as adjudicated."""
    first = {j["id"]: j for j in read_lines(PASSES[1])}
    one = {i: j["targets"] for i, j in first.items()}
    two = {j["id"]: j["targets"] for j in read_lines(PASSES[2])}
    adjudicated = {j["id"]: j for j in read_lines(ADJUDICATION)}
    official = {"en": official_texts("en")}
    translations = read_lines(TRANSLATIONS)
    gold_items, missing = [], []
    for item in items():
        if item["id"] not in one or item["id"] not in two:
            continue
        agreed = set(one[item["id"]]) == set(two[item["id"]])
        entry = first[item["id"]] if agreed else adjudicated.get(item["id"])
        if entry is None:
            missing.append(item["id"])
            continue
        check_why(item, entry["why"], entry["targets"], official["en"])
        gold_items.append({**item, "translated": False, "pass1": one[item["id"]], "pass2": two[item["id"]],
                           "targets": sorted(entry["targets"], key=code_key), "why": entry["why"],
                           "adjudication_note": "" if agreed else entry.get("note", "")})
    if missing:
        sys.exit(f"{len(missing)} disagreements have no adjudication (targets + why): {missing[:5]}")
    by_id = {i["id"]: i for i in gold_items}
    for t in translations:
        source = by_id.get(t["source_id"])
        if source is None:
            continue
        official.setdefault(t["language"], official_texts(t["language"]))
        item = {**source, "id": f"{t['language']}-{source['id']}", "text": t["text"], "language": t["language"],
                "translated": True, "source_id": source["id"], "pass1": [], "pass2": [], "why": t["why"],
                "adjudication_note": "targets of the source text (faithful translation)"}
        check_why(item, t["why"], source["targets"], official[t["language"]])
        gold_items.append(item)
    ids = [i["id"] for i in gold_items if not i["translated"]]
    stats = agreement(ids, one, two)
    GOLD.write_text(json.dumps({
        "description": "SDG target gold set: recommendations with the 2030 Agenda targets they ask for, assigned by "
                       "reading each text against the official target and indicator texts (A/RES/70/1, A/RES/71/313). "
                       "See benchmarks/data/README.md.",
        "date": "2026-12-02", "agreement": stats, "items": gold_items}, ensure_ascii=False, indent=1) + "\n")
    languages = Counter(i["language"] for i in gold_items)
    print(f"{len(gold_items)} gold items {dict(languages)}; agreement: "
          + json.dumps({k: v for k, v in stats.items() if k != "kappa_per_target"}))
    print("disagreements:", [(i, one[i], two[i]) for i in ids if set(one[i]) != set(two[i])])


def disagreements() -> None:
    """After both passes: the items to adjudicate, with both judgements."""
    one = {j["id"]: j["targets"] for j in read_lines(PASSES[1])}
    two = {j["id"]: j["targets"] for j in read_lines(PASSES[2])}
    for item in items():
        if item["id"] in one and item["id"] in two:
            mark = "=" if set(one[item["id"]]) == set(two[item["id"]]) else "X"
            print(f"{mark} {item['id']}\t1:{one[item['id']]} 2:{two[item['id']]}\t{item['text']}")


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["build"]
    if command == "select":
        select()
    elif command == "show":
        show(int(args[0]), int(args[1]))
    elif command == "record":
        record(int(args[0]))
    elif command == "compare":
        disagreements()
    else:
        build()
