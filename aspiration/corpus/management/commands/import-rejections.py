from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from aspiration.corpus.imports import rejected_table
from aspiration.corpus.models import ImportBatch
from aspiration.safe_cells import write_csv


class Command(BaseCommand):
    help = "Write the rows an import rejected (row number, reason, then the original cells) to a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, required=True, help="import batch id (see `aspiration stats`)")
        parser.add_argument("--output", required=True, metavar="FILE.csv")

    def handle(self, *args, batch: int, output: str, **options):
        found = ImportBatch.objects.filter(pk=batch).first()
        if found is None:
            raise CommandError(f"no import batch {batch}")
        # The same rows as the import page's download, through the same formula-safe writer.
        with open(output, "w", newline="", encoding="utf-8") as handle:
            count = write_csv(handle, *rejected_table(found, "row", "reason"))
        self.stdout.write(f"batch {batch} ({found.file_name}): wrote {count} rejected row(s) to {output}")
