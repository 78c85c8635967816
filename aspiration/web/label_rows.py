"""A recommendation's labels as a person reads them: one row per label, its source and reason in words.

The annotations behind one label (imported, suggested by a model, decided by a person) become a single row:
the person's decision speaks first, then the import, then the model. The model's version and the words it
weighed are kept for reviewers, behind a disclosure. Language and response are details of the
recommendation, not labels, so they have no row here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from aspiration.corpus.labels import PRECEDENCE
from aspiration.labelling.reasons import confidence_words, plain_reason, source_words
from aspiration.reference import display
from aspiration.web.presenters import SHOWN_TAXONOMIES

NOT_LABELS = frozenset({"language", "response"})


@dataclass
class LabelRow:
    taxonomy: str
    taxonomy_name: str
    code: str
    name: str
    applies: bool
    source: str
    confidence: str
    score: float | None
    reason: str  # HTML, escaped by plain_reason
    model_details: list[tuple[str, str]] = field(default_factory=list)  # (version, raw reason), for reviewers


def _reason(speaker, scored, language: str) -> str:
    """Why the label is there, said by whoever put it there: the file, the model, or a person (their decision)."""
    if speaker.source == "import":
        return _("It came with the imported file; the model agrees.") if scored else _("It came with the imported file.")
    if speaker.source == "person":
        return ""
    return plain_reason(scored.reason, language) if scored else ""


def label_rows(annotations, effective: dict[str, list[str]], import_format: str = "", language: str = "en") -> list[LabelRow]:
    """One row per (taxonomy, label) of these annotations, in the listings' taxonomy order, then by name;
    ``language`` is the recommendation's (words its reasons quote from it are marked with it)."""
    grouped: dict[tuple[str, str], list] = {}
    for annotation in annotations:
        taxonomy = annotation.label.taxonomy.code
        if taxonomy not in NOT_LABELS:
            grouped.setdefault((taxonomy, annotation.label.code), []).append(annotation)
    rows = []
    for (taxonomy, code), found in grouped.items():
        found.sort(key=lambda a: -PRECEDENCE[a.source])  # the row speaks with the winning source's voice
        speaker = found[0]
        scored = next((a for a in found if a.source == "model" and a.score is not None), None)
        models = [a for a in found if a.source == "model"]
        rows.append(LabelRow(
            taxonomy=taxonomy,
            taxonomy_name=display.name(display.TAXONOMY, taxonomy),
            code=code,
            name=display.name(taxonomy, code),
            applies=code in effective.get(taxonomy, []),
            source=source_words(speaker, import_format),
            # How sure is said of the model's own suggestions; an import or a person's decision is not a guess.
            confidence=confidence_words(scored.score) if speaker.source == "model" and scored else "",
            score=scored.score if speaker.source == "model" and scored else None,
            reason=_reason(speaker, scored, language),
            model_details=[(a.model_version, a.reason) for a in models],
        ))
    order = {taxonomy: n for n, taxonomy in enumerate(SHOWN_TAXONOMIES)}
    return sorted(rows, key=lambda r: (order.get(r.taxonomy, 99), r.taxonomy_name, r.name))
