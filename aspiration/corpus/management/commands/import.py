from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.corpus.importers.table import parse_mapping
from aspiration.corpus.services import ImportError_, ensure_reference_data, import_file

FORMATS = ("upr-info", "uhri", "ohchr-matrix", "table")


class Command(BaseCommand):
    help = ("Import recommendations: upr-info (UPR Info CSV), uhri (UHRI JSON/XLSX), ohchr-matrix (OHCHR Word "
            "matrices) or table (any CSV/XLSX with --map). Re-importing a file adds nothing.")

    def add_arguments(self, parser):
        parser.add_argument("format", choices=FORMATS)
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--map", dest="mapping", default="",
                            help="table format: text=COL,state=COL[,session=COL,response=COL,label:sdg_goal=COL,...]")
        parser.add_argument("--mechanism", default="", help="table format: mechanism code when no column gives it")
        parser.add_argument("--language", default="", help="table format: language of every text (else detected)")

    def handle(self, *args, format: str, files: list[str], mapping: str, mechanism: str, language: str, **options):
        import_options = {"mechanism": mechanism, "language": language}
        if format == "table":
            try:
                import_options["mapping"] = parse_mapping(mapping)
            except ValueError as error:
                raise CommandError(f"--map: {error}") from None
        ensure_reference_data()
        failed = []
        for path in files:
            bar = tqdm(desc=path.rsplit("/", 1)[-1], unit="rec", disable=None, leave=False)
            try:
                summary = import_file(format, path, import_options, progress=bar.update,
                                      total=lambda n, bar=bar: setattr(bar, "total", n))
            except ImportError_ as error:
                failed.append(str(error))
                self.stderr.write(self.style.ERROR(str(error)))
                continue
            finally:
                bar.close()
            self.stdout.write(summary.line())
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} file(s) refused; see the messages above")
