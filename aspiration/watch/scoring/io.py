"""The scoring contract, shared by ``aspiration watch score``, ``watch run`` and the Dask job.

Input records ``{"id", "text", "language"?}``; output ``{"id", "language", "scores": {category: float},
"flags": [...], "reason": str}``; a bad record gives ``{"id", "error"}`` and never stops the batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .model import WatchModel, shipped_model

BATCH = 4096


def clean_language(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower().replace("_", "-").split("-")[0]


def validate(record: Any) -> str | None:
    """Why a record can't be scored, or None."""
    if not isinstance(record, dict):
        return "each line must be a JSON object"
    if "id" not in record or record["id"] is None:
        return 'missing "id"'
    if not isinstance(record.get("text"), str):
        return '"text" must be a string'
    if not record["text"].strip():
        return '"text" is empty'
    if "language" in record and record["language"] is not None and not isinstance(record["language"], str):
        return '"language" must be a string'
    return None


def score_records(records: list[dict], model: WatchModel | None = None, embedder=None,
                  thresholds: dict[str, float] | None = None) -> list[dict]:
    """Score valid records in one batch (one embedding call) and report invalid ones, order kept."""
    model = model or shipped_model()
    errors = [validate(r) for r in records]
    valid = [r for r, e in zip(records, errors, strict=True) if e is None]
    scored = iter(model.score([r["text"] for r in valid], [clean_language(r.get("language")) for r in valid],
                              embedder=embedder, thresholds=thresholds))
    out = []
    for record, error in zip(records, errors, strict=True):
        if error:
            out.append({"id": record.get("id") if isinstance(record, dict) else None, "error": error})
        else:
            s = next(scored)
            out.append({"id": record["id"], "language": s.language, "scores": s.scores, "flags": s.flags, "reason": s.reason})
    return out


def _batches(lines: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            batch.append((number, line))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def score_jsonl(infile: IO[str], outfile: IO[str], errfile: IO[str], thresholds: dict[str, float] | None = None,
                batch_size: int = BATCH, model: WatchModel | None = None, embedder=None, progress=None) -> tuple[int, int]:
    """Stream JSONL in, JSONL out. Returns (scored, errors)."""
    scored = failed = 0
    for batch in _batches(infile, batch_size):
        records: list[Any] = []
        for _number, line in batch:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                records.append({"id": None, "_parse_error": f"invalid JSON: {exc.msg}"})
        results = score_records([r for r in records if not (isinstance(r, dict) and "_parse_error" in r)],
                                model=model, embedder=embedder, thresholds=thresholds)
        results_iter = iter(results)
        for (number, _line), record in zip(batch, records, strict=True):
            result = {"id": None, "error": record["_parse_error"]} if isinstance(record, dict) and "_parse_error" in record \
                else next(results_iter)
            if "error" in result:
                failed += 1
                errfile.write(f"line {number}: {result['error']}\n")
            else:
                scored += 1
            outfile.write(json.dumps(result, ensure_ascii=False) + "\n")
        if progress is not None:
            progress.update(len(batch))
    return scored, failed
