"""``aspiration classify [--taxonomy T ...] [--batch-size N]``: label the corpus with the models.

Resumable and incremental: a recommendation already classified by the current model version is
skipped. People's decisions are never overridden (see ``annotations.store_predictions``).
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.labelling.annotations import classify_pending
from aspiration.nlp.pipeline import TAXONOMIES


class Command(BaseCommand):
    help = "Annotate every recommendation with the model labels (score, model version, reason), in batches."

    def add_arguments(self, parser):
        parser.add_argument("--taxonomy", action="append", choices=TAXONOMIES, help="repeatable; default: all")
        parser.add_argument("--batch-size", type=int, default=256)

    def handle(self, *args, taxonomy: list[str] | None, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        started = time.perf_counter()
        with tqdm(desc="classify", unit=" recommendations", file=sys.stderr) as bar:
            try:
                summary = classify_pending(taxonomy, batch_size, progress=bar.update,
                                           total=lambda n: setattr(bar, "total", n))
            except ValueError as error:
                raise CommandError(str(error)) from None
        skipped = ", ".join(summary.without_labels)
        note = f"; no reference labels for {skipped} (run aspiration load_reference)" if skipped else ""
        self.stdout.write(f"Classified {summary.classified} recommendations in {', '.join(summary.taxonomies) or 'no taxonomy'}: "
                          f"{summary.written} model labels in {time.perf_counter() - started:.1f} s{note}")
