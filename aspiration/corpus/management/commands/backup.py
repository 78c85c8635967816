from __future__ import annotations

from django.core.management.base import BaseCommand

from aspiration.corpus.backup import backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database and stored files to FILE (.tar.gz), safe while the app runs."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file: str, **options):
        manifest = backup(file)
        self.stdout.write(f"backup written to {file} ({manifest['vendor']} database as {manifest['format']}, stored files)")
