"""Our functional checks (``checks/functional.json``): per language, templates x targets, split by template.

Each template belongs to a *function* (derogation, negation, counter-speech that quotes, ...). Inside
every function the 1st, 3rd, 5th... template of a language's ``cases`` is a **test** template (split
"eval": never trained on); the others are training templates, and so is every template of
``train_cases`` (added later for training alone, so that the test templates stay the same set and
numbers measured before and after stay comparable). A template's cases (one per target) stay on one side.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from . import CATEGORIES
from .data import Example

CHECKS_FILE = Path(__file__).with_name("checks") / "functional.json"

# function -> (target list, labels); unlisted categories are 0, None = "the check says nothing".
HATEFUL = {"hate": 1}
GROUP_THREAT = {"hate": 1, "threat": 1}
FUNCTIONS: dict[str, tuple[str, dict[str, int | None]]] = {
    "derogation": ("groups", HATEFUL),
    "dehumanisation": ("groups", HATEFUL),
    "threat_direct": ("groups", GROUP_THREAT),
    "threat_normative": ("groups", GROUP_THREAT),
    "slur": ("groups", HATEFUL),
    "spelling": ("groups", HATEFUL),
    "women_derogation": ("women", {"hate": 1, "sexism": 1}),
    "women_incitement": ("women", {"hate": 1, "sexism": 1, "violence_against_women": 1, "threat": 1}),
    "hrd_threat": ("hrd", {"hrd_journalist_attack": 1, "threat": 1, "hate": None}),
    "hrd_smear": ("hrd", {"hrd_journalist_attack": 1, "hate": None}),
    "profanity": ("groups", {}),
    "negation": ("groups", {}),
    "counter_quote": ("groups", {}),
    "counter_condemn": ("groups", {}),
    "reporting": ("groups", {}),
    "neutral": ("groups", {}),
    "positive": ("groups", {}),
    "hrd_neutral": ("hrd", {}),
}


def _fill(template: str, target: str) -> str:
    text = template.replace("{t}", target)
    return text[0].upper() + text[1:]


def position_split(position: dict[str, int], function: str) -> str:
    """"eval" for the 1st, 3rd, 5th... template of ``function`` seen so far, "train" otherwise."""
    split = "eval" if position.get(function, 0) % 2 == 0 else "train"
    position[function] = position.get(function, 0) + 1
    return split


@cache
def functional_cases() -> tuple[Example, ...]:
    """Every case of every language; ``source`` is ``check-<function>``, ``split`` "eval" for test templates."""
    data = json.loads(CHECKS_FILE.read_text(encoding="utf-8"))
    cases = []
    for language in sorted(k for k in data if not k.startswith("_")):
        table, position = data[language], {}
        templates = [(f, t, position_split(position, f)) for f, t in table["cases"]]
        templates += [(f, t, "train") for f, t in table.get("train_cases", [])]
        for function, template, split in templates:
            target_list, known = FUNCTIONS[function]
            labels: dict[str, int | None] = dict.fromkeys(CATEGORIES, 0)
            labels.update(known)
            targets = table[target_list] if "{t}" in template else [""]
            for target in targets:
                cases.append(Example(_fill(template, target), language, f"check-{function}", split, dict(labels), "check",
                                     unit=f"{language}:{template}"))
    return tuple(cases)
