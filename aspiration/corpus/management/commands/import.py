from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.corpus.importers import MAX_UPR_SESSION
from aspiration.corpus.importers.table import parse_mapping
from aspiration.corpus.imports import FORMATS, import_with_progress, prepare
from aspiration.corpus.services import ImportError_
from aspiration.jobs import priority
from aspiration.reference.countries import match_country


class BarSteps:
    """Progress on the terminal: one tqdm bar per step (hidden when the output is not a terminal)."""

    def __init__(self, label: str = ""):
        self.label = label
        self.bar: tqdm | None = None

    def begin(self, message: str, total: int | None = None) -> None:
        self.end()
        self.bar = tqdm(desc=f"{self.label}: {message}" if self.label else message, total=total, unit="rec",
                        file=sys.stderr, disable=None, leave=False)

    def total(self, count: int) -> None:
        if self.bar is not None:
            self.bar.total = count
            self.bar.refresh()

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def end(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = ("Import recommendations: upr-info (UPR Info CSV), uhri (UHRI JSON/XLSX), ohchr-matrix (OHCHR Word "
            "matrices) or table (any CSV/XLSX with --map). Re-importing a file adds nothing. Then the new "
            "recommendations are labelled and indexed (what `classify` and `index` do) unless --no-prepare.")

    def add_arguments(self, parser):
        parser.add_argument("format", choices=list(FORMATS))
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--map", dest="mapping", default="",
                            help="table format: text=COL,state=COL[,session=COL,response=COL,label:sdg_goal=COL,...]")
        parser.add_argument("--mechanism", default="", help="table format: mechanism code when no column gives it")
        parser.add_argument("--language", default="", help="table format: language of every text (else detected)")
        parser.add_argument("--state", default="", metavar="ISO3",
                            help="ohchr-matrix format: the state under review, for files that do not say it")
        parser.add_argument("--session", type=int, default=None, metavar="N",
                            help="ohchr-matrix format with --state: the UPR session of the review (it tells the cycle)")
        parser.add_argument("--no-prepare", action="store_true",
                            help="do not label and index the new recommendations (run `classify` and `index` later)")

    def handle(self, *args, format: str, files: list[str], mapping: str, mechanism: str, language: str, state: str,
               session: int | None, no_prepare: bool, **options):
        import_options = {"mechanism": mechanism, "language": language}
        if format == "table":
            try:
                import_options["mapping"] = parse_mapping(mapping)
            except ValueError as error:
                raise CommandError(f"--map: {error}") from None
        if state:
            if format != "ohchr-matrix":
                raise CommandError("--state is for the ohchr-matrix format")
            import_options["state"] = match_country(state) or ""
            if not import_options["state"]:
                raise CommandError(f"--state: unknown country {state!r}; give its ISO3 code, e.g. EGY")
        if session is not None:
            if not state:
                raise CommandError("--session goes with --state, for a matrix that does not say whose review it is")
            if not 1 <= session <= MAX_UPR_SESSION:
                raise CommandError(f"--session: {session} is not a UPR session (1-{MAX_UPR_SESSION})")
            import_options["session"] = session
        # An import runs beside the web server: people's requests get the cores first (aspiration.jobs.priority).
        priority.background()
        failed, created = [], 0
        for path in files:
            steps = BarSteps(path.rsplit("/", 1)[-1])
            try:
                summary = import_with_progress(format, path, import_options, steps)
            except ImportError_ as error:
                failed.append(str(error))
                self.stderr.write(self.style.ERROR(str(error)))
                continue
            finally:
                steps.end()
            created += summary.created
            self.stdout.write(summary.line())
        if created and not no_prepare:
            steps = BarSteps()
            try:
                done = prepare(steps)
            finally:
                steps.end()
            # On stderr with the bars: stdout stays one summary line per file.
            self.stderr.write(f"Labelled {done['labelled']} and indexed {done['indexed']} recommendation(s) for search.")
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} file(s) refused; see the messages above")
