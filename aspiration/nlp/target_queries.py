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
from dataclasses import dataclass
from pathlib import Path

from aspiration.nlp.text import normalize
from aspiration.reference.codes import code_key

_TOKEN = re.compile(r'"[^"]*"|\(|\)|AND NOT|AND|OR|W/\d+|PRE/\d+|NOT')
_SENTENCE = re.compile(r"(?<=[.;!?])\s+")
FILE_NAME = "sdg_target_queries.json"


def _phrase_pattern(phrase: str) -> re.Pattern:
    """A quoted Scopus phrase as a regular expression: ``*`` is any word ending, words in order."""
    words = [re.escape(w).replace(r"\*", r"\w*") for w in phrase.lower().replace("’", "'").split()]
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"(?!\w)")


class Query:
    """One parsed query line; ``match(text)`` gives the phrases that satisfied it, or None."""

    def __init__(self, source: str):
        self.source = source
        self._tokens = _TOKEN.findall(source)
        self._position = 0
        self.tree = self._and()
        self._patterns: dict[str, re.Pattern] = {}

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
        node = self._atom()
        while self._peek() == "OR":
            self._next()
            node = ("or", node, self._atom())
        return node

    def _atom(self):
        token = self._next()
        if token == "(":
            node = self._and()
            if self._peek() == ")":
                self._next()
            return node
        if token and token.startswith('"'):
            return ("phrase", token.strip('"').strip())
        raise ValueError(f"cannot read query near {token!r}: {self.source}")

    def _peek(self) -> str | None:
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _next(self) -> str | None:
        token = self._peek()
        self._position += 1
        return token

    def match(self, text: str) -> list[str] | None:
        lowered = normalize(text).lower()
        scopes = _SENTENCE.split(lowered) if _has_near(self.tree) else [lowered]
        for scope in scopes:
            found = self._evaluate(self.tree, scope)
            if found is not None:
                return found
        return None

    def _evaluate(self, node, text: str) -> list[str] | None:
        kind = node[0]
        if kind == "phrase":
            pattern = self._patterns.get(node[1]) or self._patterns.setdefault(node[1], _phrase_pattern(node[1]))
            return [node[1]] if pattern.search(text) else None
        left = self._evaluate(node[1], text)
        if kind == "or":
            right = self._evaluate(node[2], text)
            return None if left is None and right is None else (left or []) + (right or [])
        if kind == "not":
            return left if left is not None and self._evaluate(node[2], text) is None else None
        if left is None:
            return None
        right = self._evaluate(node[2], text)
        return None if right is None else left + right


def _has_near(node) -> bool:
    return node[0] == "near" or (node[0] != "phrase" and (_has_near(node[1]) or _has_near(node[2])))


@dataclass
class TargetQueries:
    """Query lines per target code; ``supported(text, code)`` says which phrases matched, if any."""

    lines: dict[str, list[str]]

    def __post_init__(self):
        self._parsed = {code: [Query(line) for line in lines] for code, lines in self.lines.items()}

    def supported(self, text: str, code: str) -> list[str] | None:
        for query in self._parsed.get(code, []):
            found = query.match(text)
            if found is not None:
                return list(dict.fromkeys(found))
        return None

    def has(self, code: str) -> bool:
        return code in self._parsed

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
        return cls(dict(sorted(lines.items(), key=lambda item: code_key(item[0]))))

    def save(self, directory: Path) -> None:
        payload = {"source": "Aurora Universities Network SDG queries v5 (CC BY 4.0, doi:10.5281/zenodo.3817445)",
                   "lines": self.lines}
        Path(directory, FILE_NAME).write_text(json.dumps(payload, ensure_ascii=False, indent=0))

    @classmethod
    def load(cls, directory: Path) -> TargetQueries:
        return cls(json.loads(Path(directory, FILE_NAME).read_text())["lines"])
