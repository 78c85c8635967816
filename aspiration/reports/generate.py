"""One entry point for the command and the page: kind + state + format + language -> file bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from aspiration.reports.data import ReportError, load_state
from aspiration.reports.document import Document
from aspiration.reports.kinds import BUILDERS, build
from aspiration.reports.render_docx import render_docx
from aspiration.reports.render_xlsx import render_xlsx

KINDS = tuple(BUILDERS)
FORMATS = ("docx", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


@dataclass
class Report:
    kind: str
    iso3: str
    format: str
    language: str
    document: Document
    content: bytes
    recommendations: int = 0  # how many the report covers

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.iso3}-{self.language}.{self.format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def check_options(kind: str, fmt: str, language: str) -> None:
    """Refuse an unknown kind, format or language before touching the database."""
    if kind not in KINDS:
        raise ReportError(f"unknown report kind {kind!r}: choose one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if language not in languages():
        raise ReportError(f"unknown language {language!r}: choose one of {', '.join(languages())}")


STEPS = 3  # collecting the data, building the document, writing the file


def generate(kind: str, iso3: str, fmt: str = "docx", language: str = "en", *, early_warning: bool = False,
             step: Callable[[int], None] | None = None) -> Report:
    """``early_warning``: include the early-warning section of a country briefing (watch analysts only).
    ``step(n)`` is told as each of the ``STEPS`` stages begins, for a progress bar."""
    step = step or (lambda _n: None)
    check_options(kind, fmt, language)
    step(0)
    data = load_state(iso3, with_risk=early_warning and kind == "country-briefing")
    step(1)
    document = build(kind, data, language)
    step(2)
    return Report(kind, data.iso3, fmt, language, document, render(document, fmt), len(data.recommendations))


def render(document: Document, fmt: str) -> bytes:
    if fmt == "docx":
        return render_docx(document)
    with translation.override(document.language):
        summary = _("Summary")
    return render_xlsx(document, summary_title=summary)
