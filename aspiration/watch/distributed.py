"""The scoring contract as a Dask (dask.distributed) job over Parquet partitions of items.

Each partition runs ``score_records`` — the very function behind ``aspiration watch score`` — so a
cluster gives the same results as one process. Input columns: ``id``, ``text``, optional ``language``.
Output columns: ``id``, ``language``, ``score_<category>`` per category, ``flags`` (JSON list),
``reason``, ``error`` (empty when scored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from aspiration.watch.scoring import CATEGORIES
from aspiration.watch.scoring.io import score_records

COLUMNS = ["id", "language", *[f"score_{c}" for c in CATEGORIES], "flags", "reason", "error"]


def results_frame(results: list[dict]) -> pd.DataFrame:
    rows = []
    for r in results:
        row = {"id": str(r["id"]), "language": r.get("language", ""), "flags": json.dumps(r.get("flags", [])),
               "reason": r.get("reason", ""), "error": r.get("error", "")}
        row.update({f"score_{c}": float(r.get("scores", {}).get(c, float("nan"))) for c in CATEGORIES})
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS).astype({"id": "string", "language": "string", "flags": "string",
                                                       "reason": "string", "error": "string"})


def arrow_schema():
    import pyarrow as pa

    return pa.schema([(name, pa.float64() if name.startswith("score_") else pa.string()) for name in COLUMNS])


def frame_records(frame: pd.DataFrame) -> list[dict]:
    """Contract records from a Parquet frame (missing values: None, so the language is guessed)."""
    records = []
    for row in frame.to_dict("records"):
        language, text = row.get("language"), row.get("text")
        records.append({"id": str(row["id"]), "text": text if isinstance(text, str) else None,
                        "language": language if isinstance(language, str) and language else None})
    return records


def score_partition(frame: pd.DataFrame) -> pd.DataFrame:
    return results_frame(score_records(frame_records(frame)))


def score_parquet(input_dir: Path, output_dir: Path, scheduler: str | None = None, local_workers: int = 2) -> int:
    """Run on the scheduler at ``scheduler`` or on a local cluster of ``local_workers`` processes; returns rows written."""
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True)
    try:
        with Client(scheduler or cluster):
            frame = dd.read_parquet(str(input_dir))
            scored = frame.map_partitions(score_partition, meta=results_frame([]))
            scored.to_parquet(str(output_dir), write_index=False, overwrite=True, schema=arrow_schema())
    finally:
        if cluster is not None:
            cluster.close()
    return len(pd.read_parquet(output_dir, columns=["id"]))
