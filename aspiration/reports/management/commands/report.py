"""``aspiration report KIND --state ISO3 --format docx|xlsx --output FILE [--language L]``."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.reports.data import ReportError, load_state
from aspiration.reports.generate import FORMATS, KINDS, check_options, languages, render
from aspiration.reports.kinds import build


class Command(BaseCommand):
    help = "Generate a report (UPR mid-term, VNR human-rights annex, country briefing) as DOCX or XLSX."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", help=f"one of: {', '.join(KINDS)}")
        parser.add_argument("--state", required=True, help="ISO 3166 alpha-3 code of the state, e.g. FRA")
        parser.add_argument("--format", default=None, help=f"one of: {', '.join(FORMATS)} (default: the output file's extension)")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--language", default="en", help=f"one of: {', '.join(languages())} (default en)")

    def handle(self, *args, kind: str, state: str, format: str | None, output: str, language: str, **options) -> None:
        path = Path(output)
        fmt = (format or path.suffix.lstrip(".")).lower()
        try:
            check_options(kind, fmt, language)
            if not path.parent.exists():
                raise ReportError(f"the folder {path.parent} does not exist")
            with tqdm(total=3, desc=f"{kind} {state.upper()}", unit="step", file=sys.stderr,
                      disable=options.get("verbosity", 1) == 0) as bar:
                data = load_state(state, with_risk=kind == "country-briefing")
                bar.update()
                document = build(kind, data, language)
                bar.update()
                content = render(document, fmt)
                bar.update()
        except ReportError as error:
            raise CommandError(str(error)) from None
        path.write_bytes(content)
        tables, charts = len(document.tables()), len(document.charts())
        self.stdout.write(
            f"wrote {path} ({fmt}, {language}): {kind} for {data.iso3}, {len(data.recommendations)} recommendations, "
            f"{tables} tables, {charts} charts, {len(content) // 1024} KB"
        )
