"""``aspiration index``: build or refresh the full-text index, the vectors and the clusters."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from aspiration.corpus.models import Recommendation
from aspiration.search import indexer


class Command(BaseCommand):
    help = "Build or refresh what search needs (full text, vectors, near-duplicate clusters); only new or changed rows."

    def add_arguments(self, parser):
        parser.add_argument("--no-vectors", action="store_true",
                            help="only the keyword index (semantic search, clusters and related stay as they were)")

    def handle(self, *args, no_vectors: bool = False, **options):
        started = time.monotonic()
        total = Recommendation.objects.count()
        with tqdm(total=total, desc="full text", unit="rec", file=sys.stderr, disable=None) as bar:
            text = indexer.sync_text(progress=bar.update)
        embedded, changed, regrouped = 0, set(), 0
        if not no_vectors:
            from aspiration.nlp.embedding import default_embedder

            with tqdm(desc="vectors", unit="rec", file=sys.stderr, disable=None) as bar:
                def to_embed(count: int) -> None:
                    bar.total = count
                    bar.refresh()

                embedded, changed = indexer.sync_vectors(default_embedder, progress=bar.update, total=to_embed)
            with tqdm(desc="clusters", unit="state", file=sys.stderr, disable=None) as bar:
                regrouped = indexer.sync_clusters(changed, progress=bar.update)
        indexer.analyze()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Indexed {total} recommendations in {seconds:.1f} s: {text.created} new and {text.updated} changed in the "
            f"full-text index, {embedded} vectors computed, {regrouped} cluster assignments changed."
        )
