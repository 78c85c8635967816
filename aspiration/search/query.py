"""The query language: terms, "exact phrases", AND / OR / NOT (or -term), prefix*, parentheses.

Pure Python. ``parse`` builds a small tree from what a person typed; ``to_fts5`` and
``to_tsquery`` translate it for SQLite FTS5 and PostgreSQL so both databases answer alike:
- a plain word matches any word with the same stem (``stems`` column, PostgreSQL weight A);
- a "phrase" matches those exact words in that order, case- and accent-insensitively
  (``surface`` column, weight B);
- ``word*`` matches words starting with that prefix (``surface``);
- words side by side are ANDed; NOT (or a leading ``-``) excludes;
- a long plain text (a sentence, a paragraph: no operator, quote, bracket or star) is no boolean
  query but a bag of weighted terms (``bag_of_terms``): the engine ranks it BM25-style, a
  recommendation needing only some of the terms (a minimum should-match), not every word.
A query made only of exclusions ("NOT torture") means everything except the matches; the
engine handles that part (``Query.excluded``) the same way on both databases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aspiration.search.text import query_stems, surface_form, words

# A plain text with at least this many distinct content terms is searched as a bag of terms; shorter
# ones keep "every word must occur", which is what a person typing a few keywords expects.
LONG_QUERY_TERMS = 5
# Function words of the languages whose stems are indexed: they say nothing about what a text asks.
_STOP_WORDS_TEXT = """
a an and are as at be been but by for from has have in into is it its of on or that the their them these this
those to was were which will with within all any also such other its shall should would may can could must
so not no they we our us had being than then there who what when where how if only very more most each both
de la le les des du un une et en au aux dans pour par sur avec que qui est sont ses son leur leurs ce cette ces
ou ne pas plus afin ainsi nous vous ils elles il elle été être ont aussi
el los las lo del al y o u para por con sin que su sus se es son una uno unos unas como mas más este esta estos
estas ese esa entre sobre sea
的 和 与 及 在 对 为 了 是 其 并 等 中 以 或
في من على إلى الى عن مع أن ان او أو و التي الذي هذه هذا
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# Query-side cost bound: at most this many of the rarest terms are scored.
MAX_BAG_TERMS = 24

QUERY_OPERATORS = re.compile(r'["()*]|(?:^|\s)-\S|\b(?:AND|OR|NOT)\b')


class QuerySyntaxError(ValueError):
    """The query cannot be expressed (e.g. "a OR NOT b"); the engine then searches the plain words."""


@dataclass(frozen=True)
class Term:
    stems: tuple[str, ...]  # alternatives (one per candidate language)


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]  # surface forms in order


@dataclass(frozen=True)
class Prefix:
    prefix: str


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass
class Query:
    """``include`` must match (None: everything); ``excluded`` must not match (None: nothing)."""

    include: object | None
    excluded: object | None = None
    words: list[str] = field(default_factory=list)
    bag: list[Term] | None = None  # a long plain text: ranked as weighted terms (see ``bag_of_terms``)

    @property
    def empty(self) -> bool:
        return self.include is None and self.excluded is None


TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+)')


def _lex(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in TOKEN.finditer(text):
        if match.group("phrase") is not None:
            tokens.append(("phrase", match.group("phrase")))
        elif match.group("open"):
            tokens.append(("open", "("))
        elif match.group("close"):
            tokens.append(("close", ")"))
        else:
            word = match.group("word")
            if word in ("AND", "OR", "NOT"):
                tokens.append((word, word))
            elif word == "-":
                continue
            elif word.startswith("-") and len(word) > 1:
                tokens.append(("NOT", "NOT"))
                tokens.append(("word", word[1:]))
            else:
                tokens.append(("word", word))
    return tokens


# Deeper groups or NOT chains than this are no real query (and would exhaust Python's stack): the
# whole text is then searched as plain words.
MAX_DEPTH = 32


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], language: str | None):
        self.tokens = tokens
        self.position = 0
        self.language = language
        self.depth = 0

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(f"more than {MAX_DEPTH} nested groups")

    def peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def parse_or(self):
        children = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            children.append(self.parse_and())
        return _combine(Or, children)

    def parse_and(self):
        children = []
        while self.peek() not in (None, "OR", "close"):
            if self.peek() == "AND":
                self.take()
                continue
            children.append(self.parse_unary())
        return _combine(And, children)

    def parse_unary(self):
        if self.peek() == "NOT":
            self.take()
            self._deeper()
            child = self.parse_unary() if self.peek() not in (None, "OR", "close", "AND") else None
            self.depth -= 1
            return Not(child) if child is not None else None
        return self.parse_primary()

    def parse_primary(self):
        kind, value = self.take()
        if kind == "open":
            self._deeper()
            node = self.parse_or()
            self.depth -= 1
            if self.peek() == "close":
                self.take()
            return node
        if kind == "close":
            return None
        if kind == "phrase":
            surfaces = tuple(surface_form(w) for w in words(value))
            return Phrase(surfaces) if len(surfaces) > 1 else _word_node(value, self.language)
        return _word_node(value, self.language)


def _word_node(raw: str, language: str | None):
    """One typed word: a prefix query, a term, or (Chinese, "women's") an AND of its parts."""
    if raw.endswith("*"):
        parts = [surface_form(w) for w in words(raw.rstrip("*"))]
        if not parts:
            return None
        head = [Term(tuple(query_stems(p, language))) for p in parts[:-1]]
        return _combine(And, [*head, Prefix(parts[-1])])
    parts = words(raw)
    return _combine(And, [Term(tuple(query_stems(p, language))) for p in parts])


def _combine(kind, children):
    children = [c for c in children if c is not None]
    if not children:
        return None
    if len(children) == 1:
        return children[0]
    flat = []
    for child in children:
        flat.extend(child.children if isinstance(child, kind) else [child])
    return kind(tuple(flat))


def parse(text: str, language: str | None = None) -> Query:
    """Parse what a person typed. Never raises: unusable syntax falls back to ANDing the words."""
    plain = words(re.sub(r"\b(?:AND|OR|NOT)\b", " ", text or ""))
    try:
        tree = _Parser(_lex(text or ""), language).parse_or()
        include, excluded = _split_negation(tree)
        _check(include)
        _check(excluded)
    except (QuerySyntaxError, IndexError):
        include = _combine(And, [Term(tuple(query_stems(w, language))) for w in plain])
        excluded = None
    return Query(include=include, excluded=excluded, words=plain, bag=bag_of_terms(text, language))


def bag_of_terms(text: str, language: str | None = None) -> list[Term] | None:
    """The distinct content terms of a long plain text, in order; None for a short or boolean query."""
    if not text or QUERY_OPERATORS.search(text):
        return None
    terms: dict[tuple[str, ...], Term] = {}
    for word in words(text):
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit() and word.isascii()):
            continue
        term = Term(tuple(query_stems(word, language)))
        terms.setdefault(term.stems, term)
    return list(terms.values()) if len(terms) >= LONG_QUERY_TERMS else None


def _split_negation(tree):
    """Top level: pull out exclusions that have no positive part to attach to."""
    if isinstance(tree, Not):
        return None, tree.child
    if isinstance(tree, And):
        positives = [c for c in tree.children if not isinstance(c, Not)]
        negatives = [c.child for c in tree.children if isinstance(c, Not)]
        if not positives:
            return None, _combine(Or, negatives)
    return tree, None


def _check(node) -> None:
    """A NOT must sit in an AND beside something positive (FTS5 has no unary NOT)."""
    if node is None or isinstance(node, Term | Phrase | Prefix):
        return
    if isinstance(node, Not):
        raise QuerySyntaxError("NOT needs something to subtract from")
    if isinstance(node, And) and not any(not isinstance(c, Not) for c in node.children):
        raise QuerySyntaxError("an AND group made only of NOTs")
    for child in node.children:
        _check(child.child if isinstance(child, Not) and isinstance(node, And) else child)


# --- SQLite FTS5 -------------------------------------------------------------------------------

def to_fts5(node) -> str:
    if isinstance(node, Term):
        alternatives = [f'stems : "{s}"' for s in node.stems]
        return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"
    if isinstance(node, Phrase):
        return 'surface : "' + " ".join(node.words) + '"'
    if isinstance(node, Prefix):
        return f'surface : "{node.prefix}" *'
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(c) for c in node.children) + ")"
    if isinstance(node, And):
        positives = [to_fts5(c) for c in node.children if not isinstance(c, Not)]
        negatives = [to_fts5(c.child) for c in node.children if isinstance(c, Not)]
        expression = "(" + " AND ".join(positives) + ")"
        for negative in negatives:
            expression = f"({expression} NOT {negative})"
        return expression
    raise QuerySyntaxError(f"cannot translate {node!r}")


# --- PostgreSQL tsquery (one tsvector: surface words weight B, stems weight A) -----------------

def to_tsquery(node) -> str:
    if isinstance(node, Term):
        alternatives = [f"'{s}':A" for s in node.stems]
        return alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")"
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(f"'{w}':B" for w in node.words) + ")"
    if isinstance(node, Prefix):
        return f"'{node.prefix}':*B"
    if isinstance(node, Or):
        return "(" + " | ".join(to_tsquery(c) for c in node.children) + ")"
    if isinstance(node, And):
        parts = [("!" + to_tsquery(c.child)) if isinstance(c, Not) else to_tsquery(c) for c in node.children]
        return "(" + " & ".join(parts) + ")"
    raise QuerySyntaxError(f"cannot translate {node!r}")
