from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.corpus.demo_build import DEMO
from aspiration.corpus.services import ImportError_, ensure_reference_data, import_file


class Command(BaseCommand):
    help = "Import the bundled demo corpus (a UPR Info sample, with attribution). Running it again adds nothing."

    def handle(self, *args, **options):
        ensure_reference_data()
        bar = tqdm(desc="demo corpus", unit="rec", disable=None, leave=False)
        try:
            summary = import_file("upr-info", DEMO / "upr-info-demo.csv", progress=bar.update,
                                  total=lambda n: setattr(bar, "total", n))
        except ImportError_ as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        self.stdout.write(summary.line())
        self.stdout.write("Demo data: UPR Info Database of Recommendations (https://www.upr-info.org/), a small sample.")
