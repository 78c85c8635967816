"""SDG target definitions as rules: the Aurora Universities Network's per-target queries (CC BY 4.0).

Each target has a few Boolean query lines in Scopus syntax (quoted phrases with ``*`` wildcards,
``OR``, ``AND``, ``AND NOT``, ``W/n`` proximity). A target's query matching a text is the
evidence that the text is about *that* target ("matched the SDG 16.2 query: child*, tortur*");
nearness of embeddings alone is not (a torture recommendation is near 16.2, which is about
children). Pure Python: no Django imports.

Proximity (``W/n``) is read as "both in the same sentence": recommendations are one or two
sentences, so this is nearly the same and much simpler than word positions.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from aspiration.nlp.target_definitions import DEFINITIONS_BY_LANGUAGE, POPULATION_GUARDS
from aspiration.nlp.text import normalize
from aspiration.reference.codes import code_key

_TOKEN = re.compile(r'"[^"]*"|\(|\)|AND NOT|AND|OR|W/\d+|PRE/\d+|NOT')
_SENTENCE = re.compile(r"(?<=[.;!?])\s+")
FILE_NAME = "sdg_target_queries.json"


def _phrase_pattern(phrase: str) -> tuple[str, re.Pattern]:
    """A quoted Scopus phrase as a regular expression: ``*`` is any word ending, words in order.

    With it the phrase's first word up to its wildcard: a text without that substring cannot match, and
    the substring test is much cheaper than the expression (most phrases are absent from most texts).
    """
    words = phrase.lower().replace("’", "'").split()
    pattern = [re.escape(w).replace(r"\*", r"\w*") for w in words]
    return words[0].split("*")[0], re.compile(r"\b" + r"[\s-]+".join(pattern) + r"(?!\w)")


class Query:
    """One parsed query line; ``match(text)`` gives the phrases that satisfied it, or None."""

    def __init__(self, source: str):
        self.source = source
        self._tokens = _TOKEN.findall(source)
        self._position = 0
        self.tree = self._and()
        self._near = _has_near(self.tree)
        # The words a match cannot do without: most lines fail on these substring tests alone.
        needed = _needed(self.tree)
        self.gate = () if "" in needed else tuple(sorted(needed))

    # Precedence as in Scopus: OR binds tightest, then proximity, then AND / AND NOT.
    def _and(self):
        node = self._proximity()
        while self._peek() in ("AND", "AND NOT", "NOT"):
            operator = self._next()
            node = ("and" if operator == "AND" else "not", node, self._proximity())
        return node

    def _proximity(self):
        node = self._or()
        while (self._peek() or "").startswith(("W/", "PRE/")):
            self._next()
            node = ("near", node, self._or())
        return node

    def _or(self):
        """Alternatives as one flat node ("or", a, b, c, ...): a long OR chain is read in one loop."""
        nodes = [self._atom()]
        while self._peek() == "OR":
            self._next()
            nodes.append(self._atom())
        return nodes[0] if len(nodes) == 1 else ("or", *nodes)

    def _atom(self):
        token = self._next()
        if token == "(":
            node = self._and()
            if self._peek() == ")":
                self._next()
            return node
        if token and token.startswith('"'):
            phrase = token.strip('"').strip()
            return ("phrase", phrase, *_phrase_pattern(phrase))
        raise ValueError(f"cannot read query near {token!r}: {self.source}")

    def _peek(self) -> str | None:
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _next(self) -> str | None:
        token = self._peek()
        self._position += 1
        return token

    def match(self, text: str) -> list[str] | None:
        return self.match_lowered(normalize(text).lower())

    def match_lowered(self, lowered: str) -> list[str] | None:
        """``match`` for a text already normalised and lower-cased (one text is checked by many queries)."""
        if self.gate and not any(word in lowered for word in self.gate):
            return None
        scopes = _SENTENCE.split(lowered) if self._near else [lowered]
        for scope in scopes:
            found = self._evaluate(self.tree, scope)
            if found is not None:
                return found
        return None

    def _evaluate(self, node, text: str) -> list[str] | None:
        kind = node[0]
        if kind == "phrase":
            return [node[1]] if node[2] in text and node[3].search(text) else None
        if kind == "or":
            found = []
            for child in node[1:]:
                if child[0] == "phrase":  # most alternatives: tested here, without a call per phrase
                    if child[2] in text and child[3].search(text):
                        found.append(child[1])
                else:
                    found.extend(self._evaluate(child, text) or ())
            return found or None
        left = self._evaluate(node[1], text)
        if kind == "not":
            return left if left is not None and self._evaluate(node[2], text) is None else None
        if left is None:
            return None
        right = self._evaluate(node[2], text)
        return None if right is None else left + right


def _needed(node) -> set[str]:
    """Literal beginnings of which a text must contain at least one for ``node`` to match."""
    if node[0] == "phrase":
        return {node[2]}
    if node[0] == "or":
        return set().union(*(_needed(child) for child in node[1:]))
    return _needed(node[1])  # and, near, not: the left side must match


def _has_near(node) -> bool:
    return node[0] == "near" or (node[0] != "phrase" and any(_has_near(child) for child in node[1:]))


@dataclass
class TargetQueries:
    """Query lines per target code; ``supported(text, code)`` says which phrases matched, if any.

    ``lines`` are Aurora's (English); ``definitions`` the project's own lines in the wording of
    recommendations per language and target (``target_definitions``). Both are evidence for the target;
    ``defined`` answers for the own lines, ``supported`` for Aurora's.
    """

    lines: dict[str, list[str]]
    definitions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    guards: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # language -> target -> population words

    def __post_init__(self):
        self._parsed = {code: [Query(line) for line in lines] for code, lines in self.lines.items()}
        self._defined = {language: {code: [Query(line) for line in lines] for code, lines in by_code.items()}
                         for language, by_code in self.definitions.items()}
        # Every gate word of a language's definitions, with the targets that have a line gated by it: a text is
        # searched for each word once, and only the targets of the words found are tried (every line is gated).
        self._gate_words: dict[str, dict[str, set[str]]] = {}
        for language, by_code in self._defined.items():
            words = self._gate_words[language] = {}
            for code, queries in by_code.items():
                for word in (word for query in queries for word in query.gate):
                    words.setdefault(word, set()).add(code)
        self._ungated = {language: {code for code, queries in by_code.items() if any(not q.gate for q in queries)}
                         for language, by_code in self._defined.items()}
        self._last = ("", "")  # (text, its normalised lower-cased form): one text meets many targets in a row

    def supported(self, text: str, code: str) -> list[str] | None:
        """The phrases of the target's first Aurora line that matches ``text``, or None."""
        return _first_match(self._parsed.get(code, []), self._lowered(text))

    def defined(self, text: str, code: str, language: str = "en") -> list[str] | None:
        """The phrases of the target's first own definition line in ``language`` that matches, or None."""
        return _first_match(self._defined.get(language, {}).get(code, []), self._lowered(text))

    def all_defined(self, text: str, language: str = "en") -> dict[str, list[str]]:
        """{target code: the phrases of its first own definition line that matches}, for every defined target."""
        lowered = self._lowered(text)
        words = self._gate_words.get(language, {})
        present = {word for word in words if word in lowered}
        candidates = self._ungated.get(language, set()).union(*(words[word] for word in present))
        found = {}
        for code, queries in self._defined.get(language, {}).items():
            if code in candidates and (phrases := _first_match(queries, lowered, present)) is not None:
                found[code] = phrases
        return found

    def concerns(self, text: str, code: str, language: str) -> bool:
        """False when the target is about a population (``guards``) and the text has no word for it."""
        words = self.guards.get(language, {}).get(code)
        return not words or any(word in self._lowered(text) for word in words)

    def _lowered(self, text: str) -> str:
        if self._last[0] != text:
            self._last = (text, normalize(text).lower())
        return self._last[1]

    def has(self, code: str, language: str = "en") -> bool:
        """Whether ``code`` can be checked in ``language``: Aurora's lines are English only."""
        return (language == "en" and code in self._parsed) or self.is_defined(code, language)

    def is_defined(self, code: str, language: str = "en") -> bool:
        return code in self._defined.get(language, {})

    def defined_codes(self, language: str = "en") -> list[str]:
        return list(self._defined.get(language, {}))

    @classmethod
    def from_aurora(cls, folder: Path) -> TargetQueries:
        """Read ``aurora_v5_query_lines_flat.csv``; its stray "13.0" block is dropped, "3c" read as "3.c"."""
        lines: dict[str, list[str]] = {}
        with open(Path(folder, "aurora_v5_query_lines_flat.csv"), encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row["target_id"].strip()
                code = re.sub(r"^(\d+)([a-z])$", r"\1.\2", code)
                if code.endswith(".0"):
                    continue
                lines.setdefault(code, []).append(row["scopus_query"].strip())
        return cls(dict(sorted(lines.items(), key=lambda item: code_key(item[0]))), DEFINITIONS_BY_LANGUAGE,
                   {language: {code: list(words) for code, words in by_code.items()}
                    for language, by_code in POPULATION_GUARDS.items()})

    def save(self, directory: Path) -> None:
        payload = {"source": "Aurora Universities Network SDG queries v5 (CC BY 4.0, doi:10.5281/zenodo.3817445)",
                   "lines": self.lines,
                   "definitions_source": "Aspiration: the target and indicator texts in the words of recommendations",
                   "definitions": self.definitions, "population_guards": self.guards}
        Path(directory, FILE_NAME).write_text(json.dumps(payload, ensure_ascii=False, indent=0))

    @classmethod
    def load(cls, directory: Path) -> TargetQueries:
        payload = json.loads(Path(directory, FILE_NAME).read_text())
        return cls(payload["lines"], payload.get("definitions", {}), payload.get("population_guards", {}))


def _first_match(queries: list[Query], lowered: str, present: set[str] | None = None) -> list[str] | None:
    """The first matching query's phrases; ``present``: the gate words found in the text, if known."""
    for query in queries:
        if present is not None and query.gate and present.isdisjoint(query.gate):
            continue
        found = query.match_lowered(lowered)
        if found is not None:
            return list(dict.fromkeys(found))
    return None
