"""``aspiration load_reference``: load or update the shipped reference data (safe to rerun)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from aspiration.reference.loader import load_reference


class Command(BaseCommand):
    help = "Load countries, mechanisms, taxonomies and labels from the shipped files; rerunning updates, never duplicates."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        counts = load_reference()
        totals = counts.totals
        self.stdout.write(
            f"Reference data: {totals['countries']} countries, {totals['mechanisms']} mechanisms, "
            f"{totals['taxonomies']} taxonomies, {totals['labels']} labels "
            f"({counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged) "
            f"in {time.perf_counter() - started:.1f} s"
        )
