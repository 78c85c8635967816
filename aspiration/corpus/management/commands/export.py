from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from aspiration.corpus.export import FORMATS, records, select, taxonomy_columns, write


class Command(BaseCommand):
    help = "Export recommendations with metadata and effective labels: one row (CSV/XLSX) or line (JSONL) each."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", required=True, metavar="FILE")
        parser.add_argument("--state", action="append", default=[], metavar="ISO3", help="repeatable")
        parser.add_argument("--mechanism", action="append", default=[], metavar="CODE", help="repeatable")
        parser.add_argument("--session", action="append", default=[], type=int, metavar="N", help="repeatable")
        parser.add_argument("--taxonomy", action="append", default=[], help="only recommendations with a label in it")
        parser.add_argument("--label", action="append", default=[], metavar="TAXONOMY:CODE", help="repeatable")

    def handle(self, *args, format: str, output: str, state, mechanism, session, taxonomy, label, **options):
        query = select(state, mechanism, session, taxonomy, label)
        columns = taxonomy_columns(taxonomy)
        items = tqdm(records(query), total=query.count(), unit="rec", disable=None, leave=False)
        written = write(items, format, output, columns)
        self.stdout.write(f"exported {written} recommendation(s) to {output}")
