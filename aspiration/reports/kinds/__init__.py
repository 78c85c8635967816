"""Report kinds: a state's plain data (``aspiration.reports.data``) -> a ``Document``, one module per kind.

Every fixed string goes through gettext; ``build`` runs the kind's builder inside
``translation.override(language)`` so headings come out in the chosen language, and label names
come from the reference data's ``names`` in that language. A new kind is a module with a
``(data, language) -> Document`` function, registered in ``BUILDERS``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation

from aspiration.reports.data import ReportError, StateData
from aspiration.reports.document import Document
from aspiration.reports.kinds.briefing import country_briefing
from aspiration.reports.kinds.midterm import upr_midterm
from aspiration.reports.kinds.vnr import vnr_annex

BUILDERS: dict[str, Callable[..., Document]] = {
    "upr-midterm": upr_midterm,
    "vnr-annex": vnr_annex,
    "country-briefing": country_briefing,
}


def build(kind: str, data: StateData, language: str) -> Document:
    if kind not in BUILDERS:
        raise ReportError(f"unknown report kind {kind!r}: choose one of {', '.join(BUILDERS)}")
    if not data.recommendations:
        raise ReportError(f"{data.iso3} has no recommendations to report on: import some first (aspiration import ...)")
    with translation.override(language):
        return BUILDERS[kind](data, language)
