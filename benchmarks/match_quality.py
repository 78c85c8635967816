"""Cross-lingual matching quality on our own gold set, and the query-side cost, at 41,000 recommendations.

    .venv/bin/python benchmarks/match_quality.py              # SQLite, writes docs/benchmarks.md
    .venv/bin/python benchmarks/match_quality.py --size 5000 --no-docs   # a quick look, prints JSON

Corpus: the real UPR Info rows (../shared/data/upr-info), replicated to ``--size`` by the search speed
benchmark's builder (bulk inserts; replicas get rotated states, so the state of the gold set also gets
other states' texts as distractors). Gold: ``benchmarks/data/match_gold.json`` (see its README): 45
passages written by us in English, Spanish and French about Slovenia's first-cycle review, each with
graded links to the recommendations it asks for. Each passage is searched among Slovenia's
recommendations (the "match" use: a state chosen), and also among all states' ("all states"), in
keyword mode (a passage as a bag of weighted terms), semantic mode (the encoder alone) and hybrid;
"match" is the product path (``match_document``: hybrid, near-duplicates collapsed).

Metrics at 10, per query language: recall (relevant found / min(10, relevant)), MRR (first link of any
grade), nDCG (gain 2^grade - 1).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOLD = ROOT / "benchmarks" / "data" / "match_gold.json"
K = 10
MODES = ("keyword", "semantic", "hybrid")


def metrics(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    """recall@K, MRR@K and nDCG@K of one ranked list of text hashes against graded links."""
    top = ranked[:K]
    found = sum(1 for key in top if grades.get(key, 0) > 0)
    relevant = sum(1 for g in grades.values() if g > 0)
    first = next((rank for rank, key in enumerate(top, start=1) if grades.get(key, 0) > 0), None)
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(rank + 1) for rank, key in enumerate(top, start=1))
    ideal = sorted(grades.values(), reverse=True)[:K]
    idcg = sum((2 ** g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return {"recall": found / min(K, relevant), "mrr": 1 / first if first else 0.0, "ndcg": dcg / idcg if idcg else 0.0}


def text_keys(ids: list[int]) -> list[str]:
    """The gold's derived id of each recommendation: sha1 of its text (duplicates from other states repeat it)."""
    from aspiration.corpus.models import Recommendation

    texts = dict(Recommendation.objects.filter(pk__in=ids).values_list("pk", "text"))
    return [hashlib.sha1(texts[i].strip().encode()).hexdigest() for i in ids]


def gold_ids(state: str, session: int) -> dict[str, set[int]]:
    """The gold state's real review: {text sha1: ids}. Only these rows count as the gold's targets."""
    from aspiration.corpus.models import Recommendation

    keyed: dict[str, set[int]] = defaultdict(set)
    for pk, text in Recommendation.objects.filter(state__iso3=state, session=session).values_list("pk", "text"):
        keyed[hashlib.sha1(text.strip().encode()).hexdigest()].add(pk)
    return keyed


def ranked_ids(text: str, mode: str, filters: dict) -> list[int]:
    from aspiration.search.engine import SearchQuery, search

    result = search(SearchQuery(text=text, mode=mode, filters=filters, page_size=K, collapse_duplicates=False,
                                with_facets=False))
    return [hit.recommendation_id for hit in result.hits]


def by_similarity(text: str, ids: list[int]) -> list[int]:
    """The same candidates ordered by the passage's cosine similarity alone (a re-ranking we measured)."""
    from aspiration.search import indexer, vectors
    from aspiration.search.engine import embed_query

    store, query = vectors.cached(indexer.store_dir()), embed_query(text)
    return sorted(ids, key=lambda pk: -float(store.vector(pk) @ query) if store.vector(pk) is not None else 0.0)


def second_stage_ids(text: str, filters: dict) -> list[int]:
    """The match path's search of one passage (feedback vector, English keywords), near-duplicates not collapsed."""
    from aspiration.search import indexer, vectors
    from aspiration.search.engine import embed_query, search
    from aspiration.search.matching import passage_query

    query = passage_query(text, embed_query(text), filters, K, vectors.cached(indexer.store_dir()),
                          collapse_duplicates=False)
    return [hit.recommendation_id for hit in search(query).hits]


def one_step_ids(text: str, filters: dict, step: str) -> list[int]:
    """Each second-stage step alone (uncollapsed hybrid): ``feedback`` (the moved vector, the passage's own words),
    ``english`` (the passage's vector, its words in English) or ``appended`` (the passage's vector, its words
    followed by their English translations: the alternative to replacing them)."""
    from aspiration.reference.languages import detect_language
    from aspiration.search import indexer, vectors
    from aspiration.search.engine import SearchQuery, embed_query, search
    from aspiration.search.match import feedback_vector
    from aspiration.search.match_terms import english_keywords, translations
    from aspiration.search.matching import FEEDBACK_NEIGHBOURS, FEEDBACK_WEIGHT

    vector, language = embed_query(text), detect_language(text)[0]
    keywords = text
    if step == "feedback":
        store = vectors.cached(indexer.store_dir())
        near = ranked_ids(text, "semantic", filters)[:FEEDBACK_NEIGHBOURS]
        vector = feedback_vector(vector, [store.vector(pk) for pk in near], FEEDBACK_WEIGHT)
    elif step == "english":
        keywords = english_keywords(text, language)
    else:
        keywords = f"{text} {' '.join(w for _word, found in translations(text, language) for w in found)}"
    result = search(SearchQuery(text=keywords[:2000], mode="hybrid", filters=filters, page_size=K,
                                collapse_duplicates=False, with_facets=False, vector=vector))
    return [hit.recommendation_id for hit in result.hits]


def matched_ids(text: str, state: str) -> list[int]:
    from aspiration.search.matching import match_document

    rows = match_document(text, state, per_passage=K)
    return [m.recommendation_id for row in rows[:1] for m in row.matches]


def matrix_queries(gold: dict) -> list[dict]:
    """The second-cycle matrix recommendations as English queries, with their topic's links (skipped without the file)."""
    from aspiration.corpus.importers.ohchr_matrix import parse

    path = ROOT.parent / "shared" / "data" / gold["matrix"]["source"]
    if not path.exists():
        return []
    texts = {getattr(r, "paragraph", ""): r.text for r in parse(path, state="SVN", session=20) if getattr(r, "text", "")}
    links = {q["topic"]: q["relevant"] for q in gold["queries"] if q["language"] == "en"}
    return [{"id": f"matrix-{q['paragraph']}", "topic": q["topic"], "language": "en (OHCHR matrix, cycle 2)",
             "state": "SVN", "session": 7, "query": texts[q["paragraph"]], "relevant": links[q["topic"]]}
            for q in gold["matrix"]["queries"]]


def evaluate(queries: list[dict]) -> dict:
    """Mean metrics per (system, language), and the per-query hybrid/semantic difference."""
    per: dict[tuple[str, str], list[dict]] = defaultdict(list)
    differs = second_differs = 0
    for query in queries:
        grades = {link["text_sha1"]: link["grade"] for link in query["relevant"]}
        targets = gold_ids(query["state"], query["session"])
        state_filter = {"state": [query["state"]]}
        runs = {f"{mode} (state)": ranked_ids(query["query"], mode, state_filter) for mode in MODES}
        runs["match (state)"] = matched_ids(query["query"], query["state"])
        runs["hybrid re-ordered by similarity (state)"] = by_similarity(query["query"], runs["hybrid (state)"])
        runs["second stage (state)"] = second_stage_ids(query["query"], state_filter)
        for step in STEPS:
            runs[f"{step} alone (state)"] = one_step_ids(query["query"], state_filter, step)
        differs += runs["hybrid (state)"] != runs["semantic (state)"]
        second_differs += runs["second stage (state)"] != runs["semantic (state)"]
        in_gold = {pk for ids in targets.values() for pk in ids}
        for system, ids in runs.items():
            keys = [key if pk in in_gold else f"other-{pk}" for pk, key in zip(ids, text_keys(ids), strict=True)]
            per[(system, query["language"])].append(metrics(_dedupe(keys), grades))
    table = {f"{system} | {language}": {name: round(statistics.mean(m[name] for m in values), 3)
                                         for name in ("recall", "mrr", "ndcg")} | {"n": len(values)}
             for (system, language), values in sorted(per.items())}
    return {"by_system_language": table, "hybrid_differs_from_semantic": f"{differs} of {len(queries)} queries",
            "second_stage_differs_from_semantic": f"{second_differs} of {len(queries)} queries"}


def _dedupe(keys: list[str]) -> list[str]:
    """The same text twice (a joint recommendation, one row per recommending state) counts once."""
    return list(dict.fromkeys(keys))


def speed(queries: list[str], repeat: int) -> dict:
    """Query-side cost of long passages at this size: keyword with facets, hybrid, and the bare encoder."""
    from django.core.cache import cache

    from aspiration.search.engine import SearchQuery, embed_query, search
    from benchmarks.search_speed import FILTERS, KEYWORD_QUERIES, percentile

    def run(texts, mode, facets=True):
        times = []
        for _round in range(repeat):
            for i, text in enumerate(texts):
                cache.clear()
                started = time.perf_counter()
                search(SearchQuery(text=text, mode=mode, filters=FILTERS[i % len(FILTERS)], with_facets=facets))
                times.append((time.perf_counter() - started) * 1000)
        return {"n": len(times), "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1)}

    def second_stage(texts):
        from aspiration.search import indexer, vectors
        from aspiration.search.matching import passage_query

        store, times = vectors.cached(indexer.store_dir()), []
        for _round in range(repeat):
            for text in texts:
                cache.clear()
                started = time.perf_counter()
                search(passage_query(text, embed_query(f"{text} {_round}"), {"state": ["SVN"]}, 10, store))
                times.append((time.perf_counter() - started) * 1000)
        return {"n": len(times), "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1)}

    embed_query("warm up")
    encoder = []
    for text in queries * repeat:
        started = time.perf_counter()
        embed_query(text + " ")  # a text the embedder has not cached
        encoder.append((time.perf_counter() - started) * 1000)
    return {
        "keyword + facets, passages": run(queries, "keyword"),
        "keyword + facets, short queries": run(KEYWORD_QUERIES, "keyword"),
        "hybrid + facets, passages": run(queries, "hybrid"),
        "match, one passage: encoder + feedback + English keywords + hybrid, one state": second_stage(queries),
        "encoder alone, one passage": {"n": len(encoder), "p50_ms": round(percentile(encoder, 0.5), 1),
                                       "p95_ms": round(percentile(encoder, 0.95), 1)},
    }


STEPS = ("feedback", "english", "appended")
SYSTEMS = ("keyword (state)", "semantic (state)", "hybrid (state)", "hybrid re-ordered by similarity (state)",
           *(f"{step} alone (state)" for step in STEPS), "second stage (state)", "match (state)")
SYSTEM_NAMES = {"keyword (state)": "keyword only", "semantic (state)": "encoder only (semantic)",
                "hybrid (state)": "hybrid (search page)", "hybrid re-ordered by similarity (state)":
                "hybrid, re-ordered by cosine", "second stage (state)":
                "**hybrid + feedback vector + English keywords**",
                "feedback alone (state)": "hybrid + feedback vector (the passage's words)",
                "english alone (state)": "hybrid + English keywords (the passage's vector)",
                "appended alone (state)": "hybrid + the passage's words and their English translations",
                "match (state)": "match page / API (the same, near-duplicates collapsed)"}


def markdown(result: dict) -> str:
    table = result["quality"]["by_system_language"]
    languages = sorted({key.split(" | ")[1] for key in table}, key=lambda lang: (len(lang) > 2, lang))
    lines = [f"Corpus: {result['size']:,} recommendations ({result['database']}): the real UPR Info rows replicated by the"
             " search speed benchmark's builder. Gold (`benchmarks/data/match_gold.json`): 45 passages we wrote (15"
             " topics of Slovenia's 2010 review, each in English, Spanish and French) with graded links (2 = asks exactly"
             " this, 1 = part of it) to Slovenia's 106 English recommendations, so the Spanish and French passages are"
             " cross-lingual; plus 31 of Slovenia's second-cycle recommendations (OHCHR matrix, English) that ask again for"
             " one of those topics. Every passage is searched among the state's recommendations, top 10.", "",
             "| query language | system | recall@10 | MRR@10 | nDCG@10 |", "|---|---|---|---|---|"]
    for language in languages:
        for system in SYSTEMS:
            values = table.get(f"{system} | {language}")
            if values:
                lines.append(f"| {language} (n = {values['n']}) | {SYSTEM_NAMES[system]} | {values['recall']:.3f} |"
                             f" {values['mrr']:.3f} | {values['ndcg']:.3f} |")
    load = result.get("load")
    lines += ["", f"Hybrid ranks differently from the encoder alone on {result['quality']['hybrid_differs_from_semantic']};"
              " with the second stage on"
              f" {result['quality'].get('second_stage_differs_from_semantic', '?')}.",
              "", f"Query-side cost at {result['size']:,} recommendations (ms, p50 / p95, facet counts included, cache"
              " cleared before each query; the encoder alone measured in the same run"
              + (f", load average {load:.1f} from other work on the 2 cores" if load else "") + "):", "",
              "| measure | p50 | p95 |", "|---|---|---|"]
    for name, values in result.get("speed", {}).items():
        lines.append(f"| {name} | {values['p50_ms']} | {values['p95_ms']} |")
    lines += ["", NOTES]
    return "\n".join(lines)


NOTES = """Notes, read before quoting these numbers:

- The second stage (bold rows) is what the match page and `POST /api/match` run: the passage's vector
  moved towards its 3 nearest recommendations of the state (pseudo-relevance feedback, weight 0.5),
  and the keyword side searching the passage's words put into English by the term table
  (`search/match_terms.py`). Against the encoder alone: recall@10 English 0.840 against 0.667,
  Spanish 0.811 against 0.552, French 0.859 against 0.568; nDCG higher in every language.
- Misses: MRR of English passages (0.816 against hybrid's 0.844) and of the matrix texts (0.752 against
  0.774): pulling towards the nearest recommendations lifts its rewordings, and when the nearest is
  wrong they come too. Spanish MRR is 0.789 against 0.772 for the encoder alone.
- Each step alone (rows above): the feedback vector does most of the gain (Spanish recall 0.552 ->
  0.811, French 0.568 -> 0.848); the English keywords help French (0.568 -> 0.618 alone; MRR 0.761
  -> 0.811 on top of feedback) and do nothing for Spanish alone (0.552, MRR 0.772), a little on top of
  feedback (nDCG 0.723 -> 0.733). Adding the translations to the passage's words instead of replacing
  them is worse for Spanish (MRR 0.739 against 0.772). Settings (3 neighbours, weight 0.5) were picked
  in an exploratory run where 2 to 5 neighbours and weights 0.5 to 1.0 gave similar results and
  feedback from near-duplicate-collapsed neighbours was clearly worse; that sweep is not in this script.
  A term table built with a spelling tie-break for cognates and weaker pairs kept ranked worse with this
  script (second stage, Spanish MRR 0.744, French 0.778), so the plain alignment ships.
- Why feedback pays on this gold set: a state receives the same request from several states in other
  words, and the gold links a passage to all of them. It is also why the OHCHR matrix texts (single
  recommendations, not written by us) gain less (recall 0.634 against 0.602).
- The search page's hybrid (no second stage) beats the encoder alone for English and Spanish passages
  but not on French MRR (0.739 against 0.772), where cognates lift a wrong match to the top.
- The match page collapses near-duplicates (each request shown once); recall counts distinct texts, so
  hidden duplicates cost it recall against the uncollapsed second stage.
- Keyword alone is poor across languages (it shares only names and cognates).
- PostgreSQL (`--database postgres://...`, the same 41,000 rows, 2026-12-02): every quality row above
  is identical to SQLite's.
- Our gold set is ours, small (15 topics) and about one state, and the second stage's settings were
  chosen on it: the numbers compare our systems with one another; they are not comparable with the
  figures in the issue, measured on another gold set.
- Cost: the second stage adds one nearest-neighbour search and one dictionary look-up per passage, no
  encoder call. On the shared machine (load average in the heading) the encoder's own p95 dominates
  and the 400 ms hybrid target is missed at p95 in this run; the match path's p50 is within it."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=41_000)
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--home", help="reuse this ASPIRATION_HOME (built by an earlier run of the same size)")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--min-match", type=float, help="try another engine.BAG_MIN_MATCH (with --no-docs)")
    parser.add_argument("--max-df", type=float, help="try another engine.BAG_MAX_DF (with --no-docs)")
    parser.add_argument("--quality-only", action="store_true", help="skip the speed measures")
    parser.add_argument("--render", help="only write docs/benchmarks.md from the JSON a run printed")
    args = parser.parse_args()
    if args.render:
        from benchmarks.report import write_section

        saved = json.loads(Path(args.render).read_text())
        write_section("match_quality", f"Matching texts across languages ({saved['size']:,} recommendations)",
                      markdown(saved))
        return
    home = args.home or tempfile.mkdtemp(prefix="match-bench-")
    url = "" if args.database == "sqlite" else args.database
    from benchmarks import search_speed

    search_speed.setup(url, home)
    from django.db import connection

    from aspiration.search.models import IndexEntry

    result = {"size": args.size, "database": connection.vendor, "load": os.getloadavg()[0]}
    if IndexEntry.objects.count() != args.size:
        result["build"] = search_speed.build_corpus(args.size)
        result["index"] = search_speed.build_index()
    from aspiration.search import engine

    engine.BAG_MIN_MATCH = args.min_match or engine.BAG_MIN_MATCH
    engine.BAG_MAX_DF = args.max_df or engine.BAG_MAX_DF
    result["bag"] = {"min_match": engine.BAG_MIN_MATCH, "max_df": engine.BAG_MAX_DF}
    data = json.loads(GOLD.read_text())
    gold = data["queries"]
    result["quality"] = evaluate(gold + matrix_queries(data))
    if not args.quality_only:
        result["speed"] = speed([q["query"] for q in gold], args.repeat)
    print(json.dumps(result, indent=1))
    if not args.no_docs:
        from benchmarks.report import write_section

        write_section("match_quality", f"Matching texts across languages ({args.size:,} recommendations)", markdown(result))


if __name__ == "__main__":
    main()
