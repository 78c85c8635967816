"""Our own multilingual seed set (``aspiration/watch/seeds/seeds.json``): templates x targets.

The public corpora have no threats against journalists or human rights defenders and little
counter-speech; the seeds fill those gaps in all six languages and are shippable (our own text).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from . import CATEGORIES
from .data import Example

SEEDS_FILE = Path(__file__).resolve().parent.parent / "seeds" / "seeds.json"

# kind -> (target lists, labels). Unlisted categories are 0: the seeds are written to be unambiguous.
KINDS: dict[str, tuple[tuple[str, ...], dict[str, int | None]]] = {
    "threat": (("people",), {"threat": 1}),
    "threat_woman": (("women",), {"threat": 1, "violence_against_women": 1, "sexism": None, "hate": None}),
    "threat_hrd": (("hrd",), {"threat": 1, "hrd_journalist_attack": 1}),
    "vaw": (("women",), {"threat": 1, "violence_against_women": 1, "sexism": 1, "hate": None}),
    "hrd_threat": (("hrd",), {"threat": 1, "hrd_journalist_attack": 1}),
    "hrd_smear": (("hrd",), {"hrd_journalist_attack": 1}),
    "counter": (("groups", "women", "hrd"), {}),
    "reporting": (("groups", "women", "hrd", "people"), {}),
    "neutral": (("groups", "women", "hrd"), {}),
}
TEMPLATE_OF = {"threat_woman": "threat", "threat_hrd": "threat"}
POSITIVE_KINDS = {k for k, (_t, labels) in KINDS.items() if any(v == 1 for v in labels.values())}


@cache
def seed_examples() -> tuple[Example, ...]:
    data = json.loads(SEEDS_FILE.read_text(encoding="utf-8"))
    examples = []
    for language in sorted(k for k in data if not k.startswith("_")):
        table = data[language]
        for kind, (target_lists, known) in KINDS.items():
            labels: dict[str, int | None] = dict.fromkeys(CATEGORIES, 0)
            labels.update(known)
            for template in table[TEMPLATE_OF.get(kind, kind)]:
                for target in (t for name in target_lists for t in table[name]):
                    text = template.replace("{t}", target)
                    text = text[0].upper() + text[1:]
                    examples.append(Example(text, language, f"seed-{kind}", "train", dict(labels), unit=f"{language}:{template}"))
    return tuple(examples)
