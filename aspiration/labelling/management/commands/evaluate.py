"""``aspiration evaluate TAXONOMY --gold FILE.jsonl [--output metrics.json]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.nlp.metrics import evaluate_sets, format_table
from aspiration.nlp.pipeline import TAXONOMIES, load_classifier


def read_gold(path: Path, taxonomy: str) -> tuple[list[str], list[list[str]], list[str | None], list[str]]:
    """(texts, gold code lists, languages, problems). Lines without this taxonomy are skipped and reported."""
    texts, gold, languages, problems = [], [], [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            codes = item["labels"][taxonomy]
            if not isinstance(item["text"], str) or not isinstance(codes, list):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError):
            problems.append(f"line {number}: needs {{\"id\", \"text\", \"labels\": {{\"{taxonomy}\": [codes]}}}}")
            continue
        texts.append(item["text"])
        gold.append([str(c) for c in codes])
        languages.append(item.get("language"))
    return texts, gold, languages, problems


class Command(BaseCommand):
    help = "Compare TAXONOMY's predictions with gold labels: per-label precision, recall, F1, support; micro and macro."

    def add_arguments(self, parser):
        parser.add_argument("taxonomy", choices=TAXONOMIES)
        parser.add_argument("--gold", required=True, help='JSON lines: {"id", "text", "labels": {taxonomy: [codes]}}')
        parser.add_argument("--output", help="write the metrics as JSON here (default: evaluation-TAXONOMY.json)")
        parser.add_argument("--batch-size", type=int, default=512)

    def handle(self, *args, taxonomy: str, gold: str, output: str | None, batch_size: int, **options):
        path = Path(gold)
        if not path.is_file():
            raise CommandError(f"{gold}: no such file")
        texts, expected, languages, problems = read_gold(path, taxonomy)
        for problem in problems:
            sys.stderr.write(problem + "\n")
        if not texts:
            raise CommandError(f"{gold}: no usable gold lines for {taxonomy}")
        classifier = load_classifier()
        predicted: list[list[str]] = []
        for start in tqdm(range(0, len(texts), batch_size), desc="evaluate", file=sys.stderr):
            batch = classifier.prepare(texts[start:start + batch_size], languages[start:start + batch_size])
            predicted += [[p.code for p in row[taxonomy]] for row in classifier.predict(batch, [taxonomy])]
        metrics = evaluate_sets(expected, predicted)
        metrics |= {"taxonomy": taxonomy, "model_version": classifier.version(taxonomy), "gold": str(path),
                    "skipped_lines": len(problems)}
        self.stdout.write(format_table(metrics))
        target = Path(output or f"evaluation-{taxonomy}.json")
        target.write_text(json.dumps(metrics, indent=1, ensure_ascii=False))
        self.stdout.write(f"{taxonomy}: micro-F1 {metrics['micro']['f1']:.3f}, macro-F1 {metrics['macro']['f1']:.3f} "
                          f"on {len(texts)} texts -> {target}")
