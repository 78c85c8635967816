"""A label's source, confidence and reason in words a person reads.

Where a label comes from (an import, the model, a person's decision), how sure the model is, and why. The
classifier (pure, in ``aspiration.nlp``) writes its reasons for reviewers, one shape per kind of evidence:
"terms: '^take', '<ensure'", 'similar to: "..." (0.27)', "upr_issue 'Impunity' (0.91)", "implied by target 5.2",
"mentions 'women'". Pages show them as sentences in the UI language; the raw text stays for reviewers.
"""

from __future__ import annotations

import re

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from aspiration.reference import display

# Where an import came from, by the batch's format, in words.
IMPORT_SOURCES = {"upr-info": "UPR Info", "uhri": "UHRI", "ohchr-matrix": "OHCHR"}


def confidence_words(score: float | None) -> str:
    if score is None:
        return ""
    if score >= 0.8:
        return _("high confidence")
    if score >= 0.5:
        return _("medium confidence")
    return _("low confidence")


def source_words(annotation, import_format: str = "") -> str:
    """Where a label comes from, in words: "imported from UHRI", "suggested by the model", "confirmed by Maja
    Novak on 2 December 2026" (``import_format`` is the recommendation's import batch format)."""
    if annotation.source == "person":
        person = annotation.decided_by
        who = (person.get_full_name() or person.get_username()) if person else _("a reviewer")
        when = date_format(localtime(annotation.decided_at), "DATE_FORMAT") if annotation.decided_at else ""
        if annotation.rejected:
            return _("rejected by %(person)s on %(date)s") % {"person": who, "date": when} if when else \
                _("rejected by %(person)s") % {"person": who}
        return _("confirmed by %(person)s on %(date)s") % {"person": who, "date": when} if when else \
            _("confirmed by %(person)s") % {"person": who}
    if annotation.source == "import":
        origin = IMPORT_SOURCES.get(import_format)
        return _("imported from %(source)s") % {"source": origin} if origin else _("imported with the recommendation")
    return _("suggested by the model")


_TERM = re.compile(r"'([^']+)'")
# Words that carry no meaning for a reader on their own; the classifier weighs them, the page need not say so.
FILLERS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "there", "this", "to", "with",
})


def _words(part: str, limit: int = 3) -> list[str]:
    """The terms a model listed, without its feature markers ('^take', '<ensure'), fillers at their ends ('there is'
    says nothing, 'women and' says 'women') and terms that only repeat a word already given."""
    chosen: list[str] = []
    for term in _TERM.findall(part):
        tokens = term.strip("^<>$ ").split()
        while tokens and tokens[0] in FILLERS:  # "women and" says "women"
            tokens.pop(0)
        while tokens and tokens[-1] in FILLERS:
            tokens.pop()
        word = " ".join(tokens)
        if not word:
            continue
        if any(word == earlier or earlier in word.split() for earlier in chosen):
            continue
        chosen.append(word)
    return chosen[:limit]


def _quoted(words: list[str], language: str) -> SafeString:
    """Words quoted from the text, isolated and marked with its language so they sit right in Arabic sentences."""
    return format_html_join(", ", "“<bdi lang=\"{}\">{}</bdi>”", ((language, word) for word in words))


def plain_reason(reason: str, language: str = "en") -> SafeString:
    """The reason a model or rule stored (terms, similar examples, crosswalks) as sentences (HTML, escaped);
    ``language`` is the recommendation's, the language of the words quoted from it."""
    sentences = []
    for part in (piece.strip() for piece in reason.split(";")):
        if not part:
            continue
        if part.startswith("terms:"):
            words = _words(part)
            if words:
                sentences.append(format_html(_("It uses the words {words}."), words=_quoted(words, language)))
        elif part.startswith("mentions "):
            words = _words(part)
            if words:
                sentences.append(format_html(_("It names {words}."), words=_quoted(words, language)))
        elif part.startswith("similar to:"):
            sentences.append(_("It reads like other recommendations with this label."))
        elif part.startswith("nearest target text"):
            sentences.append(_("Its wording is close to the text of this target."))
        elif part.startswith("close to the Call to Action"):
            sentences.append(_("Its wording is close to this area of the Call to Action."))
        elif part.startswith("implied by target"):
            code = part.split()[3].rstrip(":") if len(part.split()) > 3 else ""
            sentences.append(format_html(_("It follows from SDG target {code}."), code=code))
        elif re.match(r"^[a-z_]+ '[^']+' \(", part):
            taxonomy, label = part.split(" ", 1)[0], _TERM.search(part).group(1)
            sentences.append(format_html(_("It follows from its label “{name}”."), name=display.name(taxonomy, label)))
    if not sentences:
        return format_html("{}", _("Scored by the model.") if reason else "")
    return mark_safe(" ".join(dict.fromkeys(str(format_html("{}", s)) for s in sentences)))
