"""``aspiration classify [--taxonomy T ...] [--batch-size N]``: label the corpus with the models.

Resumable and incremental: a recommendation already classified by the current model version is
skipped. People's decisions are never overridden (see ``annotations.store_predictions``).
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.nlp.management.annotations import label_index, pending, store_predictions
from aspiration.nlp.pipeline import TAXONOMIES, load_classifier


class Command(BaseCommand):
    help = "Annotate every recommendation with the model labels (score, model version, reason), in batches."

    def add_arguments(self, parser):
        parser.add_argument("--taxonomy", action="append", choices=TAXONOMIES, help="repeatable; default: all")
        parser.add_argument("--batch-size", type=int, default=256)

    def handle(self, *args, taxonomy: list[str] | None, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        started = time.perf_counter()
        classifier = load_classifier()
        wanted = taxonomy or classifier.available()
        missing = [t for t in wanted if t not in classifier.available()]
        if missing:
            raise CommandError(f"no model available for: {', '.join(missing)}")
        versions = {t: classifier.version(t) for t in wanted}
        labels = {t: label_index(t) for t in wanted}
        wanted = [t for t in wanted if labels[t]]  # a taxonomy without reference labels cannot be stored
        todo: dict[int, tuple[str, list[str]]] = {}
        for t in wanted:
            for pk, text in pending(t, versions[t]).values_list("pk", "text"):
                todo.setdefault(pk, (text, []))[1].append(t)
        written = 0
        ids = sorted(todo)
        with tqdm(total=len(ids), desc="classify", unit=" recommendations", file=sys.stderr) as bar:
            for start in range(0, len(ids), batch_size):
                chunk = ids[start:start + batch_size]
                batch = classifier.prepare([todo[pk][0] for pk in chunk])
                needed = sorted({t for pk in chunk for t in todo[pk][1]}, key=TAXONOMIES.index)
                results = classifier.predict(batch, needed)
                for t in needed:
                    rows = [i for i, pk in enumerate(chunk) if t in todo[pk][1]]
                    written += store_predictions([chunk[i] for i in rows], t, versions[t], [results[i][t] for i in rows],
                                                 labels[t])
                bar.update(len(chunk))
        skipped = ", ".join(sorted(set(taxonomy or classifier.available()) - set(wanted)))
        note = f"; no reference labels for {skipped} (run aspiration load_reference)" if skipped else ""
        self.stdout.write(f"Classified {len(ids)} recommendations in {', '.join(wanted) or 'no taxonomy'}: "
                          f"{written} model labels in {time.perf_counter() - started:.1f} s{note}")
