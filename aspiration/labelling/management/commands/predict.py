"""``aspiration predict --input IN.jsonl --output OUT.jsonl [--taxonomy T ...]``: no database needed."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.nlp.pipeline import TAXONOMIES, load_classifier


def parse_line(line: str) -> tuple[dict | None, dict | None]:
    """(valid record, None) or (None, error record passed through to the output)."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return None, {"id": None, "error": f"invalid JSON: {error.msg} at column {error.colno}"}
    if not isinstance(item, dict):
        return None, {"id": None, "error": "each line must be a JSON object"}
    identifier = item.get("id")
    if not isinstance(identifier, str | int) or isinstance(identifier, bool) or str(identifier) == "":
        return None, {"id": identifier if isinstance(identifier, str | int | float) else None,
                      "error": "'id' must be a non-empty string"}
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return None, {"id": str(identifier), "error": "'text' must be a non-empty string"}
    language = item.get("language")
    if language is not None and not isinstance(language, str):
        return None, {"id": str(identifier), "error": "'language' must be a string"}
    return {"id": str(identifier), "text": text, "language": language or None}, None


class Command(BaseCommand):
    help = "Label texts from a JSON-lines file with every taxonomy (or those given), with scores and reasons."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help='JSON lines: {"id": str, "text": str, "language"?: str}')
        parser.add_argument("--output", required=True, help="JSON lines with the labels per taxonomy")
        parser.add_argument("--taxonomy", action="append", choices=TAXONOMIES, help="repeatable; default: all")
        parser.add_argument("--batch-size", type=int, default=512)

    def handle(self, *args, input: str, output: str, taxonomy: list[str] | None, batch_size: int, **options):
        started = time.perf_counter()
        classifier = load_classifier()
        taxonomies = taxonomy or [t for t in TAXONOMIES if t in classifier.available()]
        missing = [t for t in taxonomies if t not in classifier.available()]
        if missing:
            raise CommandError(f"no model available for: {', '.join(missing)}")
        if not Path(input).is_file():
            raise CommandError(f"cannot read {input}: no such file")
        labelled = errors = 0
        with open(input, encoding="utf-8", errors="replace") as source, open(output, "w", encoding="utf-8") as sink:
            pending: list[tuple[int, dict | None, dict | None]] = []
            for number, line in enumerate(tqdm(source, desc="predict", unit=" lines", file=sys.stderr), start=1):
                if not line.strip():
                    continue
                record, error = parse_line(line)
                if error:
                    errors += 1
                    sys.stderr.write(f"line {number}: {error['error']}\n")
                pending.append((number, record, error))
                if sum(1 for _n, r, _e in pending if r) >= batch_size:
                    labelled += self._flush(classifier, taxonomies, pending, sink)
                    pending = []
            labelled += self._flush(classifier, taxonomies, pending, sink)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Labelled {labelled} texts with {len(taxonomies)} taxonomies in {elapsed:.1f} s; "
                          f"{errors} bad lines passed through -> {output}")

    @staticmethod
    def _flush(classifier, taxonomies, pending, sink) -> int:
        records = [r for _n, r, _e in pending if r]
        results = iter([])
        if records:
            batch = classifier.prepare([r["text"] for r in records], [r["language"] for r in records])
            results = iter(zip(batch.languages, classifier.predict(batch, taxonomies), strict=True))
        for _number, record, error in pending:
            if error:
                sink.write(json.dumps(error, ensure_ascii=False) + "\n")
                continue
            language, labels = next(results)
            line = {"id": record["id"], "language": language,
                    "labels": {t: [p.as_dict() for p in labels[t]] for t in taxonomies}}
            sink.write(json.dumps(line, ensure_ascii=False) + "\n")
        return len(records)
