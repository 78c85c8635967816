"""The scoring contract, shared by ``aspiration watch score``, ``watch run`` and the Dask job.

Input records ``{"id", "text", "language"?}``; output ``{"id", "language", "scores": {category: float},
"flags": [...], "reason": str}``; a bad record gives ``{"id", "error"}`` and never stops the batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import IO, Any

from aspiration.reference.languages import language_code

from .model import WatchModel, shipped_model

BATCH = 256  # lines per batch: small enough that two worker processes share even a short input evenly


def clean_language(value: Any) -> str | None:
    return language_code(value)  # the one normaliser, aspiration.reference.languages


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


def score_lines(batch: list[tuple[int, str]], model: WatchModel | None = None, embedder=None,
                thresholds: dict[str, float] | None = None) -> list[tuple[int, dict]]:
    """[(line number, output record)] for numbered JSONL lines; unparsable lines become error records."""
    records: list[Any] = []
    for _number, line in batch:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            records.append(_ParseError(f"invalid JSON: {exc.msg}"))
    results = iter(score_records([r for r in records if not isinstance(r, _ParseError)],
                                 model=model, embedder=embedder, thresholds=thresholds))
    return [(number, {"id": None, "error": record.message} if isinstance(record, _ParseError) else next(results))
            for (number, _line), record in zip(batch, records, strict=True)]


@dataclass
class _ParseError:
    message: str


_worker: dict[str, Any] = {}


def _worker_embedder():
    """One BLAS thread per worker process: the processes, not the threads, use the cores."""
    from aspiration.nlp.embedding import UniversalSentenceEncoder

    return UniversalSentenceEncoder(threads=1)


def _prepare_workers(model: WatchModel) -> None:
    """Load the encoder and warm the model once, in the parent, before the pool starts: forked workers
    share them (copy-on-write) instead of each loading the 65 MB encoder again, which was most of the
    command's start-up. A worker that is spawned instead of forked loads its own in ``_start_worker``."""
    embedder = _worker_embedder()
    model.score(["warm up"], ["en"], embedder=embedder)   # loads the encoder's weights and the lexical stacks
    _worker.update(model=model, embedder=embedder)


def _start_worker(model_dir: str | None) -> None:
    # Every matrix product of the worker on one BLAS thread, not only the encoder's: the model's own small
    # products (the MLP head, the seed similarities) on OpenBLAS's default threads, one per core, competed
    # with the other worker for the same cores and cost more CPU than they computed.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    if "model" not in _worker:
        _worker["model"] = WatchModel.load(Path(model_dir)) if model_dir else shipped_model()
        _worker["embedder"] = _worker_embedder()


def _score_in_worker(batch: list[tuple[int, str]], thresholds: dict[str, float] | None) -> list[tuple[int, dict]]:
    return score_lines(batch, _worker["model"], _worker["embedder"], thresholds)


def score_jsonl(infile: IO[str], outfile: IO[str], errfile: IO[str], thresholds: dict[str, float] | None = None,
                batch_size: int = BATCH, model: WatchModel | None = None, embedder=None, progress=None,
                workers: int = 1, model_dir: Path | None = None) -> tuple[int, int]:
    """Stream JSONL in, JSONL out, order kept. Returns (scored, errors).

    With ``workers`` > 1 and more than one batch of input, batches are scored in that many processes.
    """
    batches = _batches(infile, batch_size)
    first = next(batches, None)
    if first is None:
        return 0, 0
    more = next(batches, None)
    rest = chain([first], [more] if more else [], batches)
    scored = failed = 0
    with ExitStack() as stack:
        if workers > 1 and more:
            _prepare_workers(model or (WatchModel.load(model_dir) if model_dir else shipped_model()))
            pool = stack.enter_context(ProcessPoolExecutor(workers, initializer=_start_worker,
                                                           initargs=(str(model_dir) if model_dir else None,)))
            results = pool.map(_score_in_worker, rest, repeat(thresholds))
        else:
            results = (score_lines(batch, model, embedder, thresholds) for batch in rest)
        for batch_results in results:
            for number, result in batch_results:
                if "error" in result:
                    failed += 1
                    errfile.write(f"line {number}: {result['error']}\n")
                else:
                    scored += 1
                outfile.write(json.dumps(result, ensure_ascii=False) + "\n")
            if progress is not None:
                progress.update(len(batch_results))
    return scored, failed
