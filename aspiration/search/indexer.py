"""Builds what search needs: processed text (full-text index), vectors and near-duplicate clusters.

Every step is incremental: an entry is rebuilt only when its recommendation's text or language
changed (``text_hash``), a vector only when its entry's text changed, and clusters only for the
states whose vectors changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction

from aspiration.corpus.models import Recommendation
from aspiration.home import home
from aspiration.search import text as text_processing
from aspiration.search import vectors
from aspiration.search.models import IndexEntry

ANALYZER_VERSION = "1"
# Cosine similarity (multilingual USE) from which two recommendations to the same state are
# near-duplicates. Calibrated (docs/decisions.md): within one UPR Info review, pairs at
# 0.78 and above are rewordings of one request ("Abolish the death penalty" / "Consider formally
# abolishing the death penalty"), at 0.68-0.76 mostly different requests on one topic; translations
# score about 0.1 lower than rewordings (official SDG target translations: median 0.84, 10th
# percentile 0.74), while different targets across languages stay below 0.59 (99th percentile).
CLUSTER_THRESHOLD = 0.78
CROSS_LINGUAL_THRESHOLD = 0.74
BATCH = 2000
PAIRWISE_LIMIT = 8000  # rows per state for which the full similarity matrix (256 MB at the limit) is computed

Progress = Callable[[int], None]
UPSERT_FIELDS = ["surface", "stems", "text_hash", "vector_hash", "cluster", "cluster_similarity"]


def store_dir() -> Path:
    """Where the vector files live (a setting, so tests can isolate it)."""
    configured = getattr(settings, "SEARCH_VECTOR_DIR", None)
    return Path(configured) if configured else home() / "search"


def text_hash(text: str, language: str) -> str:
    return hashlib.sha1(f"{ANALYZER_VERSION}|{language}|{text}".encode()).hexdigest()


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class TextSummary:
    created: int = 0
    updated: int = 0


def sync_text(ids: list[int] | None = None, progress: Progress | None = None) -> TextSummary:
    """Create or refresh index entries (and so the full-text index) for stale recommendations.

    ``ids`` limits the work to those recommendations. Writes are upserts, so two indexers running
    at once (an import job and ``aspiration index``) both succeed: the later write wins with the
    same content instead of failing on the one-entry-per-recommendation key.
    """
    summary = TextSummary()
    recommendations = Recommendation.objects.order_by("id")
    if ids is not None:
        recommendations = recommendations.filter(id__in=ids)
    current = dict(IndexEntry.objects.filter(recommendation__in=recommendations).values_list("recommendation_id", "text_hash"))
    rows = list(recommendations.values_list("id", "text", "language"))
    for chunk in _chunks(rows, BATCH):
        entries = []
        for rec_id, text, language in chunk:
            digest = text_hash(text, language)
            if current.get(rec_id) == digest:
                continue
            processed = text_processing.process(text, language)
            # A changed text also loses its vector and cluster: both are rebuilt by the later steps.
            entries.append(IndexEntry(recommendation_id=rec_id, surface=processed.surface, stems=processed.stems,
                                      text_hash=digest, vector_hash="", cluster=None, cluster_similarity=None))
        with transaction.atomic():
            IndexEntry.objects.bulk_create(entries, batch_size=1000, update_conflicts=True,
                                           unique_fields=["recommendation"], update_fields=UPSERT_FIELDS)
        updated = sum(1 for entry in entries if entry.recommendation_id in current)
        summary.created += len(entries) - updated
        summary.updated += updated
        if progress:
            progress(len(chunk))
    return summary


def analyze() -> None:
    """Refresh the planner's statistics of the tables search joins (stale after a bulk import)."""
    from django.db import connection

    with connection.cursor() as cursor:
        # The small reference tables too: autovacuum analyzes a table only after 50 changed rows, which the 13
        # taxonomies never reach, and without statistics PostgreSQL read a search page's labels through every
        # annotation of each label (21 ms instead of 0.7 ms on the demo corpus).
        for table in ("corpus_recommendation", "corpus_annotation", "corpus_recommendation_recommending_states",
                      "search_indexentry", "reference_label", "reference_taxonomy", "reference_country",
                      "reference_mechanism"):
            cursor.execute(f"ANALYZE {table}")


def stale_vector_ids(store: vectors.VectorStore) -> list[int]:
    """Entries whose vector is missing or was computed from an older text."""
    rows = IndexEntry.objects.values_list("recommendation_id", "text_hash", "vector_hash")
    stale = [rec_id for rec_id, digest, vector_digest in rows if digest != vector_digest]
    have = set(IndexEntry.objects.exclude(vector_hash="").values_list("recommendation_id", flat=True))
    absent = np.setdiff1d(np.fromiter(have, dtype=np.int64, count=len(have)), store.ids)
    return sorted(set(stale) | set(absent.tolist()))


def sync_vectors(make_embedder: Callable[[], object], progress: Progress | None = None, batch: int = 256,
                 total: Progress | None = None) -> tuple[int, set[int]]:
    """Embed new or changed recommendations; drop vectors of deleted ones. Returns (embedded, changed ids).
    ``total(n)`` is told how many need embedding before any work; the encoder is only made when some do."""
    directory = store_dir()
    store = vectors.load(directory)
    todo = stale_vector_ids(store)
    if total:
        total(len(todo))
    embedder = make_embedder() if todo else None
    known = np.fromiter(IndexEntry.objects.values_list("recommendation_id", flat=True), dtype=np.int64)
    deleted = np.setdiff1d(store.ids, known)
    texts = dict(Recommendation.objects.filter(id__in=todo).values_list("id", "text")) if todo else {}
    hashes = dict(IndexEntry.objects.filter(recommendation_id__in=todo).values_list("recommendation_id", "text_hash"))
    new_ids: list[int] = []
    new_vectors: list[np.ndarray] = []
    for chunk in _chunks(todo, batch):
        new_vectors.append(embedder.embed([texts[i] for i in chunk]))
        new_ids.extend(chunk)
        if progress:
            progress(len(chunk))
    if new_ids or len(deleted):
        matrix = np.vstack(new_vectors) if new_vectors else np.zeros((0, store.matrix.shape[1]), dtype=np.float32)
        store.merged(np.array(new_ids, dtype=np.int64), matrix, deleted).save(directory)
        with transaction.atomic():
            for chunk in _chunks(new_ids, 500):
                entries = [IndexEntry(recommendation_id=i, vector_hash=hashes[i]) for i in chunk]
                IndexEntry.objects.bulk_update(entries, ["vector_hash"], batch_size=500)
    return len(new_ids), set(new_ids)


def leader_clusters(ids: np.ndarray, matrix: np.ndarray, languages: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Greedy leader clustering in id order (deterministic, no chaining).

    Each vector joins the most similar earlier leader when the similarity reaches the threshold
    (the lower cross-lingual one when their languages differ), else becomes a leader. Returns
    (leader id per row, similarity to the leader).
    """
    codes = {lang: n for n, lang in enumerate(sorted(set(languages)))}
    language = np.array([codes[lang] for lang in languages], dtype=np.int16)
    # All pairwise similarities at once (one BLAS call) when they fit in memory; else row by row.
    pairwise = matrix @ matrix.T if len(ids) <= PAIRWISE_LIMIT else None
    leader_rows = np.zeros(len(ids), dtype=np.int64)
    assigned = np.zeros(len(ids), dtype=np.int64)
    similarity = np.ones(len(ids), dtype=np.float32)
    count = 0
    for row in range(len(ids)):
        if count:
            rows = leader_rows[:count]
            scores = pairwise[row, rows] if pairwise is not None else matrix[rows] @ matrix[row]
            margin = scores - np.where(language[rows] == language[row], CLUSTER_THRESHOLD, CROSS_LINGUAL_THRESHOLD)
            best = int(np.argmax(margin))
            if margin[best] >= 0:
                assigned[row] = ids[rows[best]]
                similarity[row] = scores[best]
                continue
        leader_rows[count] = row
        count += 1
        assigned[row] = ids[row]
    return assigned, similarity


def _cluster_meta_path() -> Path:
    return store_dir() / "clusters.json"


def sync_clusters(changed_ids: set[int], progress: Progress | None = None) -> int:
    """Re-cluster the states that gained, lost or changed vectors (all states if the threshold changed)."""
    store = vectors.load(store_dir())
    meta_path = _cluster_meta_path()
    meta = {"threshold": CLUSTER_THRESHOLD, "cross_lingual": CROSS_LINGUAL_THRESHOLD, "analyzer": ANALYZER_VERSION}
    redo_all = not meta_path.exists() or json.loads(meta_path.read_text()) != meta
    by_state: dict[int, list[int]] = {}
    language: dict[int, str] = {}
    for rec_id, state_id, lang in Recommendation.objects.values_list("id", "state_id", "language"):
        by_state.setdefault(state_id, []).append(rec_id)
        language[rec_id] = text_processing.base_language(lang)
    states = list(by_state) if redo_all else sorted(
        {s for s, ids in by_state.items() if not changed_ids.isdisjoint(ids)}
    )
    updated = 0
    for state_id in states:
        ids = np.array(sorted(by_state[state_id]), dtype=np.int64)
        positions = store.positions(ids)
        ids, positions = ids[positions >= 0], positions[positions >= 0]
        assigned, similarity = leader_clusters(ids, store.matrix[positions], [language[int(i)] for i in ids])
        sizes = dict(zip(*np.unique(assigned, return_counts=True), strict=True))
        wanted = {int(i): (int(a) if sizes[a] > 1 else None, float(s) if sizes[a] > 1 else None)
                  for i, a, s in zip(ids, assigned, similarity, strict=True)}
        current = IndexEntry.objects.filter(recommendation_id__in=list(wanted)).values_list("recommendation_id", "cluster")
        changes = [IndexEntry(recommendation_id=i, cluster=wanted[i][0], cluster_similarity=wanted[i][1])
                   for i, cluster in current if cluster != wanted[i][0]]
        IndexEntry.objects.bulk_update(changes, ["cluster", "cluster_similarity"], batch_size=500)
        updated += len(changes)
        if progress:
            progress(1)
    meta_path.parent.mkdir(parents=True, exist_ok=True)
    meta_path.write_text(json.dumps(meta))
    return updated
