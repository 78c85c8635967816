"""Search speed at 300,000 recommendations, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/search_speed.py            # both databases, writes docs/benchmarks.md
    .venv/bin/python benchmarks/search_speed.py --leg sqlite --size 20000   # one leg, prints JSON

The corpus replicates the real UPR Info rows (../shared/data/upr-info) with rotated states and
shifted sessions, written with bulk inserts (not the importers). Vectors: the ~32k unique real
texts are embedded once (through the shared embedding cache) and replicas reuse them, because
embedding 300k texts on two shared cores would take hours; indexing throughput is therefore
reported separately for the full-text part and for the embedding part.
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "upr-info"
PG_URL = "postgres://postgres@127.0.0.1:5432/asp_search_bench"
# The per-database settings of docs/search.md ("Speed at scale"), applied to the benchmark's database.
PG_SETTINGS = ("work_mem = '32MB'", "jit = off", "random_page_cost = 1.1", "effective_cache_size = '8GB'")
# SEARCH_BENCH_KEYWORD_ONLY=1: measure a corpus whose vectors are not built (keyword and browsing only).
KEYWORD_ONLY = bool(os.environ.get("SEARCH_BENCH_KEYWORD_ONLY"))

KEYWORD_QUERIES = [
    "torture", "death penalty", '"death penalty"', "discrimination women", "girls education", "trafficking",
    "freedom of expression", "journalists OR defenders", "ratify* optional protocol", "child labour NOT agriculture",
    "indigenous peoples land", "domestic violence", "\"national human rights institution\"", "migrant workers",
    "prison conditions", "juvenile justice", "corruption", "disabilities", "FGM OR \"female genital mutilation\"",
    "impunity police", "sexual orientation", "roma", "climate", "birth registration", "refugees asylum",
]
FILTERS = [{}, {}, {"state": ["FRA"]}, {"response": ["supported"]}, {"regional_group": ["African Group"]},
           {"upr_issue": ["Women's rights"]}, {"session": ["10", "27"]}]
SEMANTIC_QUERIES = [
    "abolish capital punishment", "abolir la peine de mort", "废除死刑", "إلغاء عقوبة الإعدام", "protect journalists",
    "protéger les défenseurs des droits humains", "violencia contra las mujeres", "права детей-инвалидов",
    "access to clean water", "combat human trafficking", "保障女童受教育的权利", "حرية التعبير",
]


def real_rows() -> list[dict]:
    rows = []
    for path in sorted(glob.glob(str(DATA / "upr-info-sessions-*.csv"))):
        data = Path(path).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
        rows += [r for r in csv.DictReader(io.StringIO(data)) if r["Text"].strip()]
    return rows


def setup(database_url: str, home: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["ASPIRATION_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aspiration.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)


def build_corpus(size: int) -> dict:
    """Bulk-insert ``size`` recommendations replicated from the real rows; returns build statistics."""
    from django.db import transaction

    from aspiration.corpus.models import Annotation, Recommendation
    from aspiration.reference.countries import match_country
    from aspiration.reference.models import Country, Label, Mechanism

    Recommendation.objects.all().delete()
    rows = real_rows()
    countries = {c.iso3: c.id for c in Country.objects.all()}
    iso = {name: match_country(name) for name in {r["To"] for r in rows} | {r["From"] for r in rows}}
    states = sorted({iso[r["To"]] for r in rows if iso[r["To"]] in countries})
    upr = Mechanism.objects.get(code="UPR").id
    issues = dict(Label.objects.filter(taxonomy__code="upr_issue").values_list("code", "id"))
    actions = dict(Label.objects.filter(taxonomy__code="action_category").values_list("code", "id"))
    started = time.monotonic()
    made = 0
    replica = 0
    through = Recommendation.recommending_states.through
    while made < size:
        recs, links, annotations = [], [], []
        for row in rows:
            if made + len(recs) >= size:
                break
            state = iso[row["To"]]
            if state not in countries:
                continue
            state = states[(states.index(state) + 17 * replica) % len(states)]
            session = int(row["Session"] or 1) + 17 * replica
            text = row["Text"].strip()
            recs.append(Recommendation(
                text=text, language="en", state_id=countries[state], mechanism_id=upr, session=session,
                cycle=1 + (session - 1) // 12, year=2008 + (session - 1) * 4 // 12,
                response="supported" if row["Response"].startswith("Accepted") else "noted",
                content_hash=hashlib.sha256(f"{replica}|{state}|{session}|{text}|{made + len(recs)}".encode()).hexdigest(),
            ))
            links.append(iso.get(row["From"]))
            annotations.append([issues[i.strip()] for i in row["Issue"].split(",") if i.strip() in issues]
                               + ([actions[row["Action"]]] if row["Action"] in actions else []))
        with transaction.atomic():
            created = Recommendation.objects.bulk_create(recs, batch_size=2000)
            through.objects.bulk_create([through(recommendation_id=r.id, country_id=countries[c])
                                         for r, c in zip(created, links, strict=True) if c in countries], batch_size=5000)
            Annotation.objects.bulk_create([Annotation(recommendation_id=r.id, label_id=label, source="import", score=1.0)
                                            for r, labels in zip(created, annotations, strict=True) for label in labels],
                                           batch_size=5000)
        made += len(recs)
        replica += 1
        print(f"  built {made} recommendations", file=sys.stderr)
    return {"rows": made, "replicas": replica, "unique_texts": len({r["Text"].strip() for r in rows}),
            "build_seconds": round(time.monotonic() - started, 1)}


def build_index() -> dict:
    """Full-text index for every row, vectors for the unique texts (reused by replicas), clusters."""
    import numpy as np

    from aspiration.search import indexer, vectors
    from aspiration.search.models import IndexEntry

    stats = index_text()

    ids, texts = zip(*IndexEntry.objects.values_list("recommendation_id", "recommendation__text").order_by("recommendation_id"),
                     strict=True)
    unique = sorted(set(texts))
    started = time.monotonic()
    matrix = embed_unique(unique)
    stats["vectors_from_cache_seconds"] = round(time.monotonic() - started, 1)
    row = {t: i for i, t in enumerate(unique)}
    store = vectors.VectorStore(np.array(ids, dtype=np.int64), matrix[[row[t] for t in texts]])
    store.save(indexer.store_dir())
    hashes = dict(IndexEntry.objects.values_list("recommendation_id", "text_hash"))
    IndexEntry.objects.bulk_update([IndexEntry(recommendation_id=i, vector_hash=hashes[i]) for i in ids],
                                   ["vector_hash"], batch_size=5000)
    stats.update(cluster_stats())
    return stats


def index_text(chunk: int = 5000) -> dict:
    """The indexer processes the first row of each unique text; its replicas get copies of that entry (the
    same text and language make the same entry), so a build does not stem every text nine times over."""
    from django.db import transaction

    from aspiration.corpus.models import Recommendation
    from aspiration.search import indexer
    from aspiration.search.models import IndexEntry

    first: dict[str, int] = {}
    replicas: list[tuple[int, str]] = []
    for rec_id, text in Recommendation.objects.order_by("id").values_list("id", "text").iterator(chunk_size=chunk):
        if first.setdefault(text, rec_id) != rec_id:
            replicas.append((rec_id, text))
    leaders = sorted(first.values())
    started = time.monotonic()
    processed = sum(indexer.sync_text(leaders[n:n + chunk]).created for n in range(0, len(leaders), chunk))
    seconds = time.monotonic() - started
    entries = IndexEntry.objects.in_bulk(leaders)
    for n in range(0, len(replicas), chunk):
        with transaction.atomic():
            IndexEntry.objects.bulk_create([
                IndexEntry(recommendation_id=rec_id, surface=entries[first[text]].surface, stems=entries[first[text]].stems,
                           text_hash=entries[first[text]].text_hash) for rec_id, text in replicas[n:n + chunk]],
                batch_size=1000)
        print(f"  indexed {len(leaders) + n + chunk} recommendations", file=sys.stderr)
    return {"fulltext_rows": processed, "fulltext_rows_per_second": round(processed / seconds),
            "fulltext_measured_on": f"the {processed:,} rows of unique texts (replicas copy their entries)"}


def embed_unique(texts: list[str], chunk: int = 1024):
    """Embed through the shared cache one chunk at a time: each chunk is saved as it is done, so a build
    stopped on a loaded machine resumes where it was instead of embedding everything again."""
    import numpy as np

    from aspiration.nlp.embedding import CachedEmbedder, UniversalSentenceEncoder

    embedder = CachedEmbedder(UniversalSentenceEncoder(), os.environ.get("ASPIRATION_EMBEDDING_CACHE",
                                                                         "/tmp/aspiration-embedding-cache"))
    parts = []
    for start in range(0, len(texts), chunk):
        parts.append(embedder.embed(texts[start:start + chunk]))
        print(f"  embedded {min(start + chunk, len(texts))} of {len(texts)} unique texts", file=sys.stderr)
    return np.vstack(parts) if parts else np.zeros((0, embedder.dimension), dtype=np.float32)


def cluster_stats() -> dict:
    from aspiration.search import indexer
    from aspiration.search.models import IndexEntry

    started = time.monotonic()
    indexer.sync_clusters(set(IndexEntry.objects.values_list("recommendation_id", flat=True)))
    return {"cluster_seconds": round(time.monotonic() - started, 1),
            "clustered_rows": IndexEntry.objects.exclude(cluster=None).count(),
            "vector_file_mb": round(sum(p.stat().st_size for p in indexer.store_dir().glob("*.npy")) / 2**20)}


def vectors_of_home():
    from aspiration.search import indexer, vectors

    return vectors.load(indexer.store_dir()).ids


def corpus_shape() -> dict:
    from aspiration.corpus.models import Recommendation

    rows = real_rows()
    return {"rows": Recommendation.objects.count(), "unique_texts": len({r["Text"].strip() for r in rows}),
            "replicas": -(-Recommendation.objects.count() // len(rows))}


def finish_index(size: int, sample: int = 20_000) -> dict:
    """Time the full text on a re-indexed sample (a build resumed after its vectors lost the first timing)."""
    from django.db.models import F

    from aspiration.search import indexer
    from aspiration.search.models import IndexEntry

    ids = list(IndexEntry.objects.order_by("-recommendation_id").values_list("recommendation_id", flat=True)[:sample])
    IndexEntry.objects.filter(recommendation_id__in=ids).delete()
    started = time.monotonic()
    summary = indexer.sync_text(ids)
    seconds = time.monotonic() - started
    IndexEntry.objects.filter(recommendation_id__in=ids).update(vector_hash=F("text_hash"))
    stats = {"fulltext_rows": summary.created, "fulltext_rows_per_second": round(summary.created / seconds),
             "fulltext_measured_on": f"{summary.created:,} rows re-indexed", "vectors_from_cache_seconds": None}
    return stats


def embedding_throughput(sample: list[str]) -> float:
    """Texts per second of the uncached embedder (what a fresh index of new rows costs)."""
    from aspiration.nlp.embedding import UniversalSentenceEncoder

    encoder = UniversalSentenceEncoder()
    encoder.embed(sample[:8])
    started = time.monotonic()
    encoder.embed(sample)
    return round(len(sample) / (time.monotonic() - started), 1)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bare_engine(text: str, mode: str) -> None:
    """What the database or numpy does for this query with nothing around it: the FTS5 MATCH (with bm25) or the
    tsquery (with ts_rank) fetching every match, and for semantic the query's embedding and the vector product."""
    from django.db import connection

    from aspiration.search import engine
    from aspiration.search.query import parse, to_fts5, to_tsquery

    if mode in ("keyword", "hybrid"):
        parsed = parse(text)
        with connection.cursor() as cursor:
            if parsed.empty or parsed.include is None:
                cursor.execute("SELECT id FROM corpus_recommendation ORDER BY year DESC, session DESC LIMIT 20")
            elif connection.vendor == "postgresql":
                cursor.execute("SELECT recommendation_id, ts_rank(tsv, %s::tsquery) FROM search_indexentry"
                               " WHERE tsv @@ %s::tsquery", [to_tsquery(parsed.include)] * 2)
            else:
                cursor.execute("SELECT rowid, bm25(search_fts) FROM search_fts WHERE search_fts MATCH %s",
                               [to_fts5(parsed.include)])
            cursor.fetchall()
    if mode in ("semantic", "hybrid"):
        engine._store().nearest(engine.embed_query(text), engine.SEMANTIC_CANDIDATES, min_score=engine.SEMANTIC_MIN_SCORE)


def timed(queries: list, mode: str, repeat: int) -> dict:
    from aspiration.search.engine import SearchQuery, search

    times, counts, bare = [], [], []
    for _round in range(repeat):
        for i, text in enumerate(queries):
            query = SearchQuery(text=text, mode=mode, filters=FILTERS[i % len(FILTERS)])
            started = time.perf_counter()
            result = search(query)
            times.append((time.perf_counter() - started) * 1000)
            counts.append(result.count)
            started = time.perf_counter()
            bare_engine(text, mode)
            bare.append((time.perf_counter() - started) * 1000)
    return {"n": len(times), "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1), "median_count": statistics.median(counts),
            "bare_p50_ms": round(percentile(bare, 0.5), 1), "bare_p95_ms": round(percentile(bare, 0.95), 1)}


def facet_arrays() -> dict:
    """Seconds to build the facet arrays from the database (what the first count after a write pays)."""
    from aspiration.search import facets

    started = time.perf_counter()
    index = facets.build(facets._stamp())
    seconds = time.perf_counter() - started
    memory = sum(a.nbytes for a in (index.ids, *(codes for codes, _values in index.columns.values()))) + sum(
        m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in (index.labels, index.states, index.sources))
    return {"facet_build_seconds": round(seconds, 2), "facet_arrays_mb": round(memory / 2**20, 1)}


def run_leg(database_url: str, size: int, repeat: int, home: str) -> dict:
    """Build (unless ``home`` already holds a corpus of this size) and measure one database."""
    from benchmarks.report import peak_memory_mb

    setup(database_url, home)
    from django.db import connection

    from aspiration.nlp import embedding
    from aspiration.search import engine, facets, indexer, warm
    from aspiration.search.models import IndexEntry

    built = Path(home) / "search-bench-build.json"
    if built.exists() and IndexEntry.objects.count() == size and json.loads(built.read_text()).get("size") == size:
        result = json.loads(built.read_text())  # reuse: only the queries are measured again
        if os.environ.get("SEARCH_BENCH_REMEASURE_FULLTEXT"):
            result.update(finish_index(size))
            built.write_text(json.dumps(result))
    elif IndexEntry.objects.count() == size and len(vectors_of_home()) == size:
        result = {"database": connection.vendor, "size": size, **corpus_shape()}  # resume an interrupted build
        result.update(finish_index(size))
        result.update(cluster_stats())
        built.write_text(json.dumps(result))
    elif KEYWORD_ONLY and IndexEntry.objects.count() == size:
        # The full text is built but not the vectors (embedding the unique texts is the long step on a shared
        # machine): measure what needs no vectors, and say so in the report.
        result = {"database": connection.vendor, "size": size, **corpus_shape(), "vectors": False}
        result.update(finish_index(size))
    else:
        result = {"database": connection.vendor, "size": size}
        result.update(build_corpus(size))
        result.update(build_index())
        built.write_text(json.dumps(result))
    indexer.analyze()  # what `aspiration index` does at its end
    # Queries are embedded by the uncached model, as in production.
    embedding._default = embedding.UniversalSentenceEncoder()
    result.update(facet_arrays())
    result["facets"] = len(facets.FACETS)
    warm.warm()  # the encoder, vectors, facet arrays, browsing order, stemmers and jieba, as `serve` does before it answers
    result["load_average_at_start"] = round(os.getloadavg()[0], 1)
    result["keyword"] = timed(KEYWORD_QUERIES, "keyword", repeat)
    result["keyword_no_facets"] = timed_no_facets(KEYWORD_QUERIES, repeat)
    if result.get("vectors", True):
        result["semantic"] = timed(SEMANTIC_QUERIES, "semantic", repeat)
        result["hybrid"] = timed(SEMANTIC_QUERIES[:6] + KEYWORD_QUERIES[:6], "hybrid", repeat)
    engine._everything.clear()  # the first browse pays the ordering, as the first one after a write does
    result["browse_all_with_facets"] = timed([""], "keyword", 3)
    result["browse_filtered_with_facets"] = timed([""] * len(FILTERS), "keyword", 1)
    result["load_average_at_end"] = round(os.getloadavg()[0], 1)
    result["peak_memory_mb"] = round(peak_memory_mb())
    if result.get("vectors", True):
        result["embedding_texts_per_second"] = embedding_throughput([r["Text"] for r in real_rows()[:256]])
    return result


def timed_no_facets(queries: list, repeat: int) -> dict:
    from aspiration.search.engine import SearchQuery, search

    times = []
    for _round in range(repeat):
        for i, text in enumerate(queries):
            started = time.perf_counter()
            search(SearchQuery(text=text, filters=FILTERS[i % len(FILTERS)], with_facets=False))
            times.append((time.perf_counter() - started) * 1000)
    return {"n": len(times), "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1)}


def report(all_legs: list[dict]) -> str:
    """The section: the largest corpus's legs in the main table, legs of a smaller corpus (41,000: the size of the
    issue's browsing target) in a second one."""
    size = max(leg["rows"] for leg in all_legs)
    legs = [leg for leg in all_legs if leg["rows"] == size]
    smaller = [leg for leg in all_legs if leg["rows"] != size]

    def row(name, key, target=""):
        cells = []
        for leg in legs:
            if key not in leg:
                cells.append("not measured (no vectors in this run) | ")
                continue
            value = leg[key]
            bare = f"{value['bare_p50_ms']} / {value['bare_p95_ms']}" if "bare_p95_ms" in value else ""
            missed = " (missed)" if target and value["p95_ms"] > float(target) else ""
            cells.append(f"{value['p50_ms']} / {value['p95_ms']}{missed} | {bare}")
        return f"| {name} | {target} | " + " | ".join(cells) + " |"

    header = ("| measure | target p95 | " + " | ".join(f"{leg['database']} | {leg['database']} bare engine" for leg in legs)
              + " |\n|---|---|" + "---|---|" * len(legs))
    lines = [
        f"Corpus: {legs[0]['rows']:,} recommendations = the {legs[0]['unique_texts']:,} unique real UPR Info texts "
        f"replicated {legs[0]['replicas']} times with rotated states and shifted sessions (bulk inserts), each with its "
        "recommending state, UPR issues and action category as import labels. "
        + ("Vectors: the unique texts were embedded once (shared embedding cache) and replicas reuse them."
           if all(leg.get("vectors", True) for leg in legs) else "Vectors: not built in this run (see the notes)."),
        "",
        f"Query latency, milliseconds, p50 / p95 over the query mix x filter mix (in-process `search()`, facet counts "
        f"for all {legs[0].get('facets', 16)} facets included unless stated, the facet arrays already built; semantic and hybrid "
        "include embedding the query with USE):",
        "",
        header,
        row(f"keyword + facets ({len(KEYWORD_QUERIES)} queries)", "keyword", "150"),
        row("keyword, no facets", "keyword_no_facets"),
        row(f"semantic + facets ({len(SEMANTIC_QUERIES)} queries, 6 languages)", "semantic", "300"),
        row("hybrid + facets", "hybrid", "400"),
        row("no query (browse all) + facets", "browse_all_with_facets", "300"),
        row("no query, filtered (the filter mix) + facets", "browse_filtered_with_facets"),
        "",
        "The bare engine, timed right after each query on the same data: the FTS5 MATCH with bm25 (SQLite) or the"
        " tsquery with ts_rank (PostgreSQL) fetching every match; for semantic the query's embedding and the"
        " vector product; for browsing, the first page of recommendations by date. Load average at the start and"
        " end of the query runs: " + "; ".join(f"{leg['database']} {leg.get('load_average_at_start')} and"
                                               f" {leg.get('load_average_at_end')}" for leg in legs) + ".",
        "",
        "| indexing | " + " | ".join(leg["database"] for leg in legs) + " |\n|---|" + "---|" * len(legs),
        "| full text (rows/s) | " + " | ".join(f"{leg['fulltext_rows_per_second']:,}" for leg in legs) + " |",
        "| full text measured on | " + " | ".join(leg.get("fulltext_measured_on", f"all {leg['fulltext_rows']:,} rows")
                                                  for leg in legs) + " |",
        "| embedding, uncached (texts/s) | " + " | ".join(str(leg.get("embedding_texts_per_second", "-")) for leg in legs) + " |",
        "| clustering all states (s) | " + " | ".join(str(leg.get("cluster_seconds", "-")) for leg in legs) + " |",
        "| rows in a near-duplicate cluster | " + " | ".join(f"{leg.get('clustered_rows', 0):,}" for leg in legs) + " |",
        "| vector files (MB, float16) | " + " | ".join(str(leg.get("vector_file_mb", "-")) for leg in legs) + " |",
        "| peak memory of the process (MB) | " + " | ".join(f"{leg['peak_memory_mb']:,}" for leg in legs) + " |",
        "| facet arrays: build from the database (s) | " + " | ".join(str(leg.get("facet_build_seconds")) for leg in legs) + " |",
        "| facet arrays in memory (MB) | " + " | ".join(str(leg.get("facet_arrays_mb")) for leg in legs) + " |",
        "",
        *small_table(smaller),
        notes(legs),
    ]
    return "\n".join(lines)


def small_table(legs: list[dict]) -> list[str]:
    if not legs:
        return []

    def cell(leg, key):
        value = leg.get(key)
        return f"{value['p50_ms']} / {value['p95_ms']} | {value['bare_p50_ms']} / {value['bare_p95_ms']}" if value else "- | -"

    lines = [f"At {legs[0]['rows']:,} recommendations (the same builder, the same query and filter mix; ms, p50 / p95):", "",
             "| measure | target p95 | " + " | ".join(f"{leg['database']} | {leg['database']} bare engine" for leg in legs)
             + " |\n|---|---|" + "---|---|" * len(legs)]
    for name, key, target in (("no query (browse all) + facets", "browse_all_with_facets", "300"),
                              ("no query, filtered + facets", "browse_filtered_with_facets", ""),
                              ("keyword + facets", "keyword", ""), ("semantic + facets", "semantic", "")):
        lines.append(f"| {name} | {target} | " + " | ".join(cell(leg, key) for leg in legs) + " |")
    lines += ["", "Load average at the start and end: " + "; ".join(
        f"{leg['database']} {leg.get('load_average_at_start')} and {leg.get('load_average_at_end')}" for leg in legs) + ".", ""]
    return lines


def notes(legs: list[dict]) -> str:
    """What to read the tables with; the figures named here are this run's."""
    loads = [value for leg in legs for value in (leg.get("load_average_at_start"), leg.get("load_average_at_end"))
             if value is not None]
    postgres = next((leg for leg in legs if leg["database"] == "postgresql" and "keyword" in leg), None)
    ranking = ("- PostgreSQL needed no \"ranking only the first matches\": the bare tsquery ranks every match with"
               f" `ts_rank` (p95 {postgres['keyword']['bare_p95_ms']} ms) and keyword + facets stays inside its"
               f" target (p95 {postgres['keyword']['p95_ms']} ms) at this load, so the order of a broad query's"
               " results is still the full ranking's. PostgreSQL ran with the per-database settings of"
               " docs/search.md, applied by this script (`ALTER DATABASE ... SET work_mem = '32MB', jit = off,"
               " random_page_cost = 1.1, effective_cache_size = '8GB'`); `shared_buffers` stayed at the server's"
               " 128 MB.") if postgres else None
    return "\n".join(line for line in [
        "Notes, read before quoting these numbers:",
        "",
        f"- The machine was shared (two cores, other people's tests and benchmarks beside this run; load average"
        f" {min(loads)} to {max(loads)} during the query runs), the benchmark under `nice`. The bare-engine column,"
        " timed in the same moments, shows how much of each figure is the database's (or numpy's) own work.",
        "- After matching, nothing touches the database per row: the matches come back as (id, score) pairs, and"
        " filters, facet counts, near-duplicate collapsing, ordering and paging run in numpy over the facet arrays"
        " (each row's facet values, date and cluster; effective labels as a sparse matrix).",
        "- Semantic and hybrid are mostly the bare engine: the exact 300,000 x 512 float32 vector product (about"
        " 600 MB read per query; 21 ms in process when it had a core to itself, most of the bare column"
        " here) and the query's embedding (1-2 ms once the encoder is warm). A filter that keeps"
        " under a tenth of the rows (a state, a session) multiplies only those rows, and the facets of a few"
        " hundred hits are counted from their own rows. A query of at most three words"
        " in a language of the term table"
        " embeds its English rendering too (docs/search.md); that second embedding is in the semantic and hybrid"
        " figures, not in the bare column.",
        "- Before the queries the script runs what `aspiration serve` runs before it answers (`warm`: encoder,"
        " vectors, facet arrays, the browsing order, stemmers, jieba). Browsing everything keeps its order per"
        " arrays and setting; the script drops that order before its three browse-all calls, so their p95 is"
        " the first browse after a write (ordering all 300,000 rows) and their p50 a later one.",
        ranking,
        "- Full-text throughput is the indexer's own rate on the rows the table names: a build indexes the rows of"
        " unique texts and their replicas copy those entries (same text, same entry), as vectors are copied.",
        "- The facet arrays' build from the database (the indexing table) is paid by a process's first search (or"
        " `warm`) and again after writes to the recommendations or their labels.",
        "",
        PREVIOUS,
    ] if line is not None)


# The figures of earlier runs: this morning's on the same corpora, and those this section held before
# (the table above replaces them; kept to compare).
PREVIOUS = """Three earlier runs on 2026-12-03, same corpora (p50 / p95 ms, bare engine in brackets; SQLite, then
PostgreSQL), show how much the load moves the semantic figures:

- Before the changes of this run (no row gathering for narrow filters, no English rendering of short
  queries, the benchmark warmed by one hybrid query so jieba loaded on the first Chinese query), load 3.2
  to 4.3: keyword + facets 24.0 / 64.0 (9.3 / 32.8) and 40.0 / 109.5 (19.3 / 72.0); semantic + facets
  99.3 / 191.3 (85.4 / 155.6) and 103.8 / 167.0 (81.0 / 145.0), maxima 972 and 822 (the first Chinese
  query loading jieba); hybrid 165.7 / 251.1 and 161.5 / 289.1; browse all 0.8 / 146.0 and 8.3 / 229.0.
- With row gathering and the English rendering, but the old warm-up, load 2.0 to 2.7: keyword + facets 12.5 / 26.8
  (5.8 / 18.5) and 49.2 / 135.2 (21.0 / 84.7); semantic + facets 136.9 / 198.9 (91.8 / 137.5) and
  128.0 / 190.9 (88.1 / 139.7), PostgreSQL's maximum 1,004 (jieba again); hybrid 97.5 / 173.0 and
  150.8 / 243.0; browse all 0.6 / 106.8 and 5.8 / 153.3.
- With the warm-up of this run, before facets were counted from the hits' own rows and filter rows read
  off, load 4.1 to 5.5: keyword + facets 28.0 / 59.7 (12.8 / 33.6) and 42.5 / 112.6 (19.6 / 78.5);
  semantic + facets 168.7 / 441.4 (159.1 / 279.3) and 134.6 / 288.2 (117.2 / 210.6); hybrid
  157.2 / 336.8 and 202.4 / 392.5; browse all 0.8 / 93.9 and 2.6 / 96.9.

Earlier runs (2026-12-02), on a machine far more loaded (load average 9 to 17), under `nice`:

- 300,000, SQLite, this engine (p50 / p95 ms, bare engine in brackets): keyword + facets 69.6 / 399.8
  (42.7 / 302.7), keyword without facets 65.7 / 139.3, semantic + facets 1,218 / 4,797 (1,145 / 2,196),
  hybrid 1,112 / 2,344 (1,067 / 2,112), browse all 24.6 / 389.4 (16.5 / 184.0), browse filtered
  72.4 / 197.6 (18.1 / 51.2). Indexing: full text 7,236 rows/s on all rows, clustering 242 s, facet arrays
  built in 8.78 s. PostgreSQL at 300,000 was built but its measuring process ended without a result.
  Where the 2.2 s semantic bare p95 went: the query embedding is 1-2 ms warm, so it was the vector product
  starved of CPU and memory bandwidth at that load, not reloads or conversions (the vectors are converted to
  float32 once per process and reloaded only when their files change).
- The engine before the facet arrays (matches written into a hit table, grouped and paged in SQL), same
  SQLite corpus, load 11.6 to 13.5, one round: keyword + facets 147 / 576, semantic + facets 1,369 / 4,094,
  hybrid 1,088 / 2,075, browse all 241 / 398, browse filtered 208 / 2,171.
- At 41,000 recommendations (load 12 to 17; p50 / p95, bare engine in brackets): browse all, SQLite
  0.5 / 60.5 (0.4 / 25.3), PostgreSQL 0.9 / 59.0 (5.1 / 12.3); browse filtered 17.8 / 39.7 (0.7 / 10.8)
  and 14.3 / 47.9 (4.2 / 10.0); keyword + facets 32.6 / 56.1 (16.4 / 33.4) and 39.4 / 63.8 (12.1 / 26.3);
  semantic + facets 281.1 / 606.4 (209.9 / 374.3) and 222.7 / 478.9 (155.1 / 254.7)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leg", choices=["sqlite", "postgresql"])
    parser.add_argument("--size", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--home", help="ASPIRATION_HOME of the leg (default /tmp/asp-search-bench-LEG); a built corpus is reused")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the corpus")
    parser.add_argument("--from-json", nargs="+", metavar="FILE", help="write the report from saved --leg outputs")
    parser.add_argument("--embed-only", action="store_true",
                        help="fill the embedding cache with the unique real texts (resumable; run it early, under nice)")
    args = parser.parse_args()
    if args.embed_only:
        embed_unique(sorted({r["Text"].strip() for r in real_rows()}))
        return
    if args.from_json:
        from benchmarks.report import write_section

        legs = [json.loads(Path(f).read_text().strip().splitlines()[-1]) for f in args.from_json]
        write_section("search_speed", "Search speed (300,000 recommendations)", report(legs))
        return
    if args.leg:
        url = "" if args.leg == "sqlite" else os.environ.get("DATABASE_URL") or PG_URL
        home = Path(args.home or f"/tmp/asp-search-bench-{args.leg}")
        if args.fresh:
            shutil.rmtree(home, ignore_errors=True)
        if args.leg == "postgresql":
            import psycopg

            base, name = url.rsplit("/", 1)
            with psycopg.connect(base + "/postgres", autocommit=True) as pg:
                exists = pg.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                if args.fresh and exists:
                    pg.execute(f'DROP DATABASE "{name}"')
                if args.fresh or not exists:
                    pg.execute(f'CREATE DATABASE "{name}"')
                for setting in PG_SETTINGS:  # what docs/search.md tells a user to set
                    pg.execute(f'ALTER DATABASE "{name}" SET {setting}')
        home.mkdir(parents=True, exist_ok=True)
        print(json.dumps(run_leg(url, args.size, args.repeat, str(home))))
        return
    legs = []
    for leg in ("sqlite", "postgresql"):
        command = [sys.executable, __file__, "--leg", leg, "--size", str(args.size), "--repeat", str(args.repeat)]
        out = subprocess.run(command + (["--fresh"] if args.fresh else []), check=True, stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "DATABASE_URL": ""}).stdout
        legs.append(json.loads(out.strip().splitlines()[-1]))
    from benchmarks.report import write_section

    write_section("search_speed", "Search speed (300,000 recommendations)", report(legs))


if __name__ == "__main__":
    main()
