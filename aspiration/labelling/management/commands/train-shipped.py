"""``aspiration train-shipped --data ../shared/data [--only upr_issue,response]``: rebuild the shipped models."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aspiration.nlp.embedding import default_embedder
from aspiration.nlp.pipeline import SHIPPED
from aspiration.nlp.training import SHIPPED_COMPONENTS, ShippedSelectionError, train_shipped


class Command(BaseCommand):
    help = "Rebuild the shipped classification models reproducibly from the shared data (fixed seeds)."

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="the shared data folder (../shared/data)")
        parser.add_argument("--output", default=str(SHIPPED), help="where to write the models (default: the package)")
        parser.add_argument("--only", default="",
                            help="comma-separated components to rebuild, the others kept as they are "
                                 f"({', '.join(SHIPPED_COMPONENTS)})")

    def handle(self, *args, data: str, output: str, only: str, **options):
        if not Path(data, "upr-info").is_dir():
            raise CommandError(f"{data} does not look like the shared data folder (no upr-info/ inside)")
        chosen = [name.strip() for name in only.split(",") if name.strip()]
        started = time.perf_counter()
        try:
            train_shipped(Path(data), Path(output), default_embedder(), only=chosen or None,
                          progress=lambda message: sys.stderr.write(f"... {message}\n"))
        except ShippedSelectionError as error:
            raise CommandError(str(error)) from error
        size = sum(f.stat().st_size for f in Path(output).iterdir()) / 1e6
        built = ", ".join(chosen) if chosen else "every component"
        self.stdout.write(f"Trained {built} in {time.perf_counter() - started:.0f} s "
                          f"({size:.1f} MB) -> {output}")
