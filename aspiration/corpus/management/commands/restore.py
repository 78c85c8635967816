from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from aspiration.corpus.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database content and stored files with a backup made by `aspiration backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file: str, **options):
        try:
            manifest = restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {file} (made {manifest['created_at']} from a {manifest['vendor']} database)")
