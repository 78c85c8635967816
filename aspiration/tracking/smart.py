"""SMART hints on an action's wording: Specific, Measurable, Assigned, Realistic, Time-bound. Pure Python.

These are hints, never blockers: the coordinator decides. They flag the vague verbs that make
UPR recommendations hard to track ("promote", "consider", "continue") when they reappear in a
plan's actions, and the missing pieces (indicator, responsible institution, due date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# gettext only translates the messages; the rules themselves need nothing from Django.
from django.utils.translation import gettext as _

# Verbs that describe an attitude rather than a deliverable, in the languages plans are most often written in.
VAGUE_VERBS = {
    "en": ("promote", "consider", "continue", "strengthen", "encourage", "explore", "pursue", "intensify",
           "enhance", "endeavour", "endeavor", "seek", "maintain", "raise awareness"),
    "fr": ("promouvoir", "envisager", "continuer", "poursuivre", "renforcer", "encourager", "intensifier", "redoubler"),
    "es": ("promover", "considerar", "continuar", "seguir", "fortalecer", "reforzar", "alentar", "intensificar"),
}

# Verbs that name something one can check was done.
CONCRETE_VERBS = ("adopt", "amend", "repeal", "ratify", "draft", "publish", "train", "establish", "allocate", "conduct",
                  "appoint", "build", "open", "enact", "submit", "collect", "issue", "hire", "deliver", "review",
                  "launch", "translate", "prosecute", "investigate", "budget", "create", "set up", "introduce")


@dataclass(frozen=True)
class Hint:
    code: str
    message: str


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w\s]", " ", text.lower()) + " "


def vague_verbs(text: str) -> list[str]:
    words = _words(text)
    found = []
    for verbs in VAGUE_VERBS.values():
        for verb in verbs:
            if re.search(rf"\s{re.escape(verb)}\w{{0,3}}\s", words):
                found.append(verb)
    return found


def smart_hints(title: str, description: str = "", *, responsible: bool = True, start_date: date | None = None,
                due_date: date | None = None, indicator_count: int | None = None) -> list[Hint]:
    """Hints for one action. ``indicator_count`` None means unknown (a new action): not flagged."""
    hints: list[Hint] = []
    vague = vague_verbs(title)
    if vague:
        hints.append(Hint("vague_verb", _("Specific: '%(verb)s' says what to aim for, not what will be done. "
                                          "Start with a verb whose result can be checked (adopt, draft, train, publish...).")
                          % {"verb": vague[0]}))
    elif not any(_words(title).startswith(f" {verb} ") for verb in CONCRETE_VERBS) and title.strip():
        hints.append(Hint("no_concrete_verb", _("Specific: start the title with a verb naming a deliverable "
                                                "(adopt, draft, train, publish, establish...).")))
    if indicator_count == 0 and not re.search(r"\d", title + description):
        hints.append(Hint("not_measurable", _("Measurable: add an indicator with a baseline and a target, "
                                              "or state a number in the description.")))
    if not responsible:
        hints.append(Hint("no_responsible", _("Assigned: name the responsible institution.")))
    if due_date is None:
        hints.append(Hint("no_due_date", _("Time-bound: set a due date.")))
    elif start_date is not None and due_date < start_date:
        hints.append(Hint("due_before_start", _("Time-bound: the due date is before the start date.")))
    return hints
