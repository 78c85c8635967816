"""A recommendation's labels as a person reads them: one row per label, its source and reason in words.

The annotations behind one label (imported, suggested by a model, decided by a person) become a single row:
the person's decision speaks first, then the import, then the model. The model's version and the words it
weighed are kept for reviewers, behind a disclosure. Language and response are details of the
recommendation, not labels, so they have no row here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aspiration.reference import display
from aspiration.web.presenters import SHOWN_TAXONOMIES

NOT_LABELS = frozenset({"language", "response"})
# Which annotation speaks for the row: a person's decision over an import over a model's suggestion.
PRECEDENCE = {"person": 0, "import": 1, "model": 2}
# Where an import came from, by the batch's format, in words.
IMPORT_SOURCES = {"upr-info": "UPR Info", "uhri": "UHRI", "ohchr-matrix": "OHCHR"}


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
    reason: str
    model_details: list[tuple[str, str]] = field(default_factory=list)  # (version, raw reason), for reviewers


def confidence_words(score: float | None) -> str:
    if score is None:
        return ""
    if score >= 0.8:
        return _("high confidence")
    if score >= 0.5:
        return _("medium confidence")
    return _("low confidence")


def _source_words(annotation, import_format: str) -> str:
    if annotation.source == "person":
        who = annotation.decided_by.get_full_name() or annotation.decided_by.get_username() if annotation.decided_by \
            else _("a reviewer")
        when = date_format(annotation.decided_at, "DATE_FORMAT") if annotation.decided_at else ""
        if annotation.rejected:
            return _("rejected by %(person)s on %(date)s") % {"person": who, "date": when} if when else \
                _("rejected by %(person)s") % {"person": who}
        return _("confirmed by %(person)s on %(date)s") % {"person": who, "date": when} if when else \
            _("confirmed by %(person)s") % {"person": who}
    if annotation.source == "import":
        origin = IMPORT_SOURCES.get(import_format)
        return _("imported from %(source)s") % {"source": origin} if origin else _("imported with the recommendation")
    return _("suggested by the model")


_QUOTED = re.compile(r'"([^"]+)"')
_TERM = re.compile(r"'([^']+)'")


def _words(part: str) -> list[str]:
    """The terms a model listed, without its feature markers ('^take', '<ensure'), each once."""
    seen: dict[str, None] = {}
    for term in _TERM.findall(part):
        word = term.strip("^<>$ ")
        if word:
            seen.setdefault(word, None)
    return list(seen)


def plain_reason(reason: str) -> str:
    """The reason a model or rule stored (terms, similar examples, crosswalks) as a sentence."""
    sentences = []
    for part in (piece.strip() for piece in reason.split(";")):
        if not part:
            continue
        if part.startswith("terms:"):
            words = _words(part)[:3]
            if words:
                sentences.append(_("It uses the words %(words)s.") % {"words": ", ".join(f"“{w}”" for w in words)})
        elif part.startswith("mentions "):
            words = _words(part)
            sentences.append(_("It names %(words)s.") % {"words": ", ".join(f"“{w}”" for w in words)})
        elif part.startswith("similar to:"):
            sentences.append(_("It reads like other recommendations with this label."))
        elif part.startswith("nearest target text"):
            sentences.append(_("Its wording is close to the text of this target."))
        elif part.startswith("close to the Call to Action"):
            sentences.append(_("Its wording is close to this area of the Call to Action."))
        elif part.startswith("implied by target"):
            code = part.split()[3].rstrip(":") if len(part.split()) > 3 else ""
            sentences.append(_("It follows from SDG target %(code)s.") % {"code": code})
        elif re.match(r"^[a-z_]+ '[^']+' \(", part):
            taxonomy, label = part.split(" ", 1)[0], _TERM.search(part).group(1)
            sentences.append(_("It follows from its label “%(name)s”.") % {"name": display.name(taxonomy, label)})
    return " ".join(dict.fromkeys(sentences)) or (_("Scored by the model.") if reason else "")


def label_rows(annotations, effective: dict[str, list[str]], import_format: str = "") -> list[LabelRow]:
    """One row per (taxonomy, label) of these annotations, ordered by taxonomy name then label order."""
    grouped: dict[tuple[str, str], list] = {}
    for annotation in annotations:
        taxonomy = annotation.label.taxonomy.code
        if taxonomy not in NOT_LABELS:
            grouped.setdefault((taxonomy, annotation.label.code), []).append(annotation)
    rows = []
    for (taxonomy, code), found in grouped.items():
        found.sort(key=lambda a: PRECEDENCE.get(a.source, 9))
        speaker = found[0]
        scored = next((a for a in found if a.source == "model" and a.score is not None), None)
        models = [a for a in found if a.source == "model"]
        rows.append(LabelRow(
            taxonomy=taxonomy,
            taxonomy_name=display.name(display.TAXONOMY, taxonomy),
            code=code,
            name=display.name(taxonomy, code),
            applies=code in effective.get(taxonomy, []),
            source=_source_words(speaker, import_format),
            confidence=confidence_words(scored.score) if scored and speaker.source == "model" else "",
            score=scored.score if scored else None,
            reason=plain_reason(scored.reason) if scored else "",
            model_details=[(a.model_version, a.reason) for a in models],
        ))
    order = {taxonomy: n for n, taxonomy in enumerate(SHOWN_TAXONOMIES)}
    return sorted(rows, key=lambda r: (order.get(r.taxonomy, 99), r.taxonomy_name, r.name))
