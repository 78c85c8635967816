"""Affected groups: explicit mentions in six languages plus a model learned from UPR Info issues.

An explicit mention ("women", "femmes", "妇女") is strong evidence and its reason is the
matched term; the model adds groups named indirectly ("ensure equal pay" -> women) learned
from the UPR Info issues that imply a group (e.g. "Women's rights" -> women). A matter whose treaty
names its victims implies them too (trafficking in persons -> women, children), with the treaty as reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from aspiration.nlp.classifier import Batch, LabelModel, Prediction
from aspiration.nlp.text import normalize
from aspiration.reference.languages import language_code

MENTION_SCORE = 0.95  # the score of a label supported only by an explicit mention

# Matters whose victims a treaty itself names, so the groups hold without a mention: trafficking in persons
# is the subject of the "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women
# and Children" (Palermo, 2000), and OHCHR's indexes tag it with both groups.
NAMED_BY_TREATY: list[tuple[re.Pattern, tuple[str, ...], str]] = [
    (re.compile(r"(?<!\w)(trafficking in (persons|human beings|people)|human trafficking|trafficked persons"
                r"|victims of trafficking|anti-trafficking|traite des (êtres humains|personnes)"
                r"|trata de (personas|seres humanos))", re.IGNORECASE),
     ("women", "children"), "the Palermo Protocol: trafficking in persons, especially women and children"),
]


class GroupTerms:
    """Mention terms per group and language, compiled to one pattern per (group, language)."""

    def __init__(self, terms: dict[str, dict[str, list[str]]]):
        self.terms = terms
        self._patterns: dict[tuple[str, str], re.Pattern] = {}
        # Each language's terms as plain substrings, for the (group, language) patterns whose terms are all
        # ASCII: in an ASCII text such a pattern can only match where one of its terms occurs in the
        # lower-cased text, and one pass of substring tests is far cheaper than the patterns.
        self._screens: dict[str, list[tuple[str, tuple[str, str]]]] = {}
        self._screened: set[tuple[str, str]] = set()
        self._in_language: dict[str, list] = {}  # language -> the patterns tried for it: its own, then English
        for code, by_language in terms.items():
            for language, words in by_language.items():
                words = sorted({normalize(w).lower() for w in words if w.strip()}, key=len, reverse=True)
                if not words:
                    continue
                if all(w.isascii() for w in words):
                    self._screens.setdefault(language, []).extend((w, (code, language)) for w in words)
                    self._screened.add((code, language))
                alternatives = "|".join(re.escape(w) for w in words)
                # Chinese has no spaces between words: match anywhere. Russian terms are stems (cases vary): match
                # at a word start. Elsewhere whole words.
                start, end = ("", "") if language == "zh" else (r"(?<!\w)", "" if language == "ru" else r"(?!\w)")
                pattern = f"{start}({alternatives}){end}"
                self._patterns[(code, language)] = re.compile(pattern, re.IGNORECASE)

    @classmethod
    def from_reference(cls, groups: list[dict]) -> GroupTerms:
        """From ``affected_groups.json`` entries: {"code", "terms": {lang: [terms]}}."""
        return cls({g["code"]: {language_code(lang): words for lang, words in g.get("terms", {}).items()} for g in groups})

    def mentions(self, text: str, language: str) -> dict[str, str]:
        """{group code: the first term found}. The text's language is tried first, then English."""
        text = normalize(text)
        candidates = None  # the screened patterns that may match; None: no screen (a text that is not ASCII)
        if text.isascii():
            lowered = text.lower()
            candidates = {key for term_language in {language, "en"} for word, key in self._screens.get(term_language, ())
                          if word in lowered}
        found: dict[str, str] = {}
        if language not in self._in_language:
            self._in_language[language] = [(key, pattern) for key, pattern in self._patterns.items()
                                           if key[1] in (language, "en")]
        for key, pattern in self._in_language[language]:
            code = key[0]
            if code in found:
                continue
            if candidates is not None and key in self._screened and key not in candidates:
                continue
            if match := pattern.search(text):
                found[code] = match.group(1)
        return found

    def save(self, directory: Path) -> None:
        (directory / "affected_group_terms.json").write_text(json.dumps(self.terms, ensure_ascii=False, indent=0))

    @classmethod
    def load(cls, directory: Path) -> GroupTerms:
        return cls(json.loads((directory / "affected_group_terms.json").read_text()))


def rules_hash(terms: GroupTerms) -> str:
    """What decides groups besides the model (the mention terms and the treaty rules), hashed: it is part
    of the affected_group version, so a changed rule re-labels stored recommendations like a new model."""
    rules = {"terms": terms.terms, "named_by_treaty": [[p.pattern, list(codes), treaty] for p, codes, treaty in NAMED_BY_TREATY]}
    return hashlib.sha256(json.dumps(rules, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def issues_to_groups(groups: list[dict]) -> dict[str, list[str]]:
    """UPR Info issue -> the group codes it implies, from ``affected_groups.json``."""
    mapping: dict[str, list[str]] = {}
    for group in groups:
        for issue in group.get("upr_issues", []):
            mapping.setdefault(issue, []).append(group["code"])
    return mapping


def predict_groups(model: LabelModel, terms: GroupTerms, batch: Batch,
                   rules: Sequence[tuple[re.Pattern, tuple[str, ...], str]] = NAMED_BY_TREATY) -> list[list[Prediction]]:
    """The model's groups united with the explicitly mentioned ones and those ``rules`` imply, best first
    (benchmarks pass other rules to measure what the treaty rules bring)."""
    results = []
    for row, predictions in enumerate(model.predict(batch)):
        chosen = {p.code: p for p in predictions}
        for code, term in terms.mentions(batch.texts[row], batch.languages[row]).items():
            reason = f"mentions '{term}'"
            if code in chosen:
                p = chosen[code]
                chosen[code] = Prediction(code, max(p.score, MENTION_SCORE), f"{reason}; {p.reason}")
            else:
                chosen[code] = Prediction(code, MENTION_SCORE, reason)
        for pattern, codes, treaty in rules:
            if match := pattern.search(batch.texts[row]):
                for code in codes:
                    if code not in chosen:
                        chosen[code] = Prediction(code, MENTION_SCORE, f"'{match.group(1)}' ({treaty})")
        results.append(sorted(chosen.values(), key=lambda p: -p.score))
    return results
