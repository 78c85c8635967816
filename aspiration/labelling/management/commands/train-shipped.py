"""``aspiration train-shipped --data ../shared/data``: rebuild the models that ship with the package."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aspiration.nlp.embedding import default_embedder
from aspiration.nlp.pipeline import SHIPPED
from aspiration.nlp.training import train_shipped


class Command(BaseCommand):
    help = "Rebuild the shipped classification models reproducibly from the shared data (fixed seeds)."

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="the shared data folder (../shared/data)")
        parser.add_argument("--output", default=str(SHIPPED), help="where to write the models (default: the package)")

    def handle(self, *args, data: str, output: str, **options):
        if not Path(data, "upr-info").is_dir():
            raise CommandError(f"{data} does not look like the shared data folder (no upr-info/ inside)")
        started = time.perf_counter()
        manifest = train_shipped(Path(data), Path(output), default_embedder(),
                                 progress=lambda message: sys.stderr.write(f"... {message}\n"))
        size = sum(f.stat().st_size for f in Path(output).iterdir()) / 1e6
        self.stdout.write(f"Trained {len(manifest['components'])} models in {time.perf_counter() - started:.0f} s "
                          f"({size:.1f} MB) -> {output}")
