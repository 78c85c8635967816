"""Near-duplicates (same cluster: the same request to the same state, in any wording or language)
and related recommendations (similar meaning across mechanisms, cycles and states)."""

from __future__ import annotations

import numpy as np

from aspiration.search import indexer, vectors
from aspiration.search.models import IndexEntry

# Below this cosine similarity a neighbour is no longer about the same thing.
RELATED_MIN_SCORE = 0.5
# More members than any near-duplicate cluster has: "all of them".
MAX_CLUSTER = 10_000


def _store() -> vectors.VectorStore:
    return vectors.cached(indexer.store_dir())


def near_duplicates(recommendation_id: int, limit: int = 10) -> list[tuple[int, float]]:
    """Other members of the recommendation's cluster, most similar first."""
    cluster = IndexEntry.objects.filter(recommendation_id=recommendation_id).values_list("cluster", flat=True).first()
    if cluster is None:
        return []
    members = list(IndexEntry.objects.filter(cluster=cluster).exclude(recommendation_id=recommendation_id)
                   .values_list("recommendation_id", flat=True))
    store = _store()
    vector = store.vector(recommendation_id)
    if vector is None or not members:
        return []
    ids, scores = store.nearest(vector, len(members), allowed=np.array(members, dtype=np.int64))
    return list(zip(ids.tolist(), [round(float(s), 4) for s in scores], strict=True))[:limit]


def related(recommendation_id: int, limit: int = 10, duplicates: list[int] | None = None) -> list[tuple[int, float]]:
    """The most similar recommendations anywhere, excluding the recommendation and its near-duplicates
    (``duplicates``: all of them, when the caller has already looked them up)."""
    store = _store()
    vector = store.vector(recommendation_id)
    if vector is None:
        return []
    if duplicates is None:
        duplicates = [i for i, _s in near_duplicates(recommendation_id, limit=MAX_CLUSTER)]
    excluded = {recommendation_id, *duplicates}
    ids, scores = store.nearest(vector, limit + len(excluded), min_score=RELATED_MIN_SCORE)
    existing = set(IndexEntry.objects.filter(recommendation_id__in=ids.tolist()).values_list("recommendation_id", flat=True))
    pairs = [(int(i), round(float(s), 4)) for i, s in zip(ids, scores, strict=True) if i not in excluded and i in existing]
    return pairs[:limit]
