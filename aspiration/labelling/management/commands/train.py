"""``aspiration train TAXONOMY``: learn from the corpus's annotations (imports and people's decisions)."""

from __future__ import annotations

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.labelling.retraining import TRAINABLE, TrainingError, train_from_annotations


class Command(BaseCommand):
    help = "Train TAXONOMY's model on the database annotations; saved to ASPIRATION_HOME/models (used before the shipped one)."

    def add_arguments(self, parser):
        parser.add_argument("taxonomy", choices=TRAINABLE)
        parser.add_argument("--min-examples", type=int, default=3, help="labels with fewer positive examples are left out")

    def handle(self, *args, taxonomy: str, min_examples: int, **options):
        started = time.perf_counter()
        with tqdm(desc=f"training {taxonomy}", unit="step", file=sys.stderr, disable=options.get("verbosity", 1) == 0) as bar:
            def steps(done: int, total: int, step: str) -> None:
                bar.total, bar.n = total, done
                bar.set_postfix_str(step.lower(), refresh=True)

            try:
                trained = train_from_annotations(taxonomy, min_examples, steps=steps)
            except TrainingError as error:
                raise CommandError(str(error)) from None
        metrics = trained.metrics
        self.stdout.write(json.dumps(metrics, indent=1))
        self.stdout.write(f"Trained {taxonomy} on {trained.examples} recommendations, {len(trained.labels)} labels "
                          f"(validation micro-F1 {metrics['micro']['f1']:.3f}, macro-F1 {metrics['macro']['f1']:.3f}) "
                          f"in {time.perf_counter() - started:.0f} s -> {trained.path}")
