from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError

from aspiration.corpus.models import ImportBatch


class Command(BaseCommand):
    help = "Write the rows an import rejected (row number, reason, then the original cells) to a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, required=True, help="import batch id (see `aspiration stats`)")
        parser.add_argument("--output", required=True, metavar="FILE.csv")

    def handle(self, *args, batch: int, output: str, **options):
        found = ImportBatch.objects.filter(pk=batch).first()
        if found is None:
            raise CommandError(f"no import batch {batch}")
        rows = list(found.rejected_rows.all())
        columns: list[str] = []
        for row in rows:
            columns += [key for key in row.raw if key not in columns]
        with open(output, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "reason", *columns])
            for row in rows:
                writer.writerow([row.row_number, row.reason, *(_cell(row.raw.get(c, "")) for c in columns)])
        self.stdout.write(f"batch {batch} ({found.file_name}): wrote {len(rows)} rejected row(s) to {output}")


def _cell(value) -> str:
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)
