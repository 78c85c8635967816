"""Pure parsers, one per source format: a file in, plain records and rejections out.

No Django here: the import service (``aspiration.corpus.services``) resolves countries and labels
and writes to the database. A parser raises ``MalformedFile`` when the file as a whole cannot be
read (then nothing is imported) and yields ``Rejection`` for single bad rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


class MalformedFile(Exception):
    """The whole file is unreadable: wrong format, encoding or missing columns."""

    def __init__(self, path: str, reason: str, row: int | None = None):
        self.path, self.reason, self.row = str(path), reason, row
        where = f", row {row}" if row is not None else ""
        super().__init__(f"{self.path}{where}: {reason}")


@dataclass
class Record:
    """One recommendation as read from a file, before countries and labels are resolved."""

    text: str
    state: str  # name or code as written in the source; resolved to ISO3 by the service
    row: int
    mechanism: str = "UPR"
    session: int | None = None
    cycle: int | None = None
    year: int | None = None
    date: date | None = None
    paragraph: str = ""
    recommending_states: list[str] = field(default_factory=list)
    response: str = ""
    response_source: str = ""
    kind: str = "recommendation"  # or "observation" (UHRI's concerns/observations)
    labels: dict[str, list[str]] = field(default_factory=dict)
    source_id: str = ""
    document: str = ""
    language: str = ""  # declared by the file; empty = detect
    rows: list[int] = field(default_factory=list)  # every source row merged into this record
    raw: dict = field(default_factory=dict)

    def add_label(self, taxonomy: str, code: str) -> None:
        codes = self.labels.setdefault(taxonomy, [])
        if code and code not in codes:
            codes.append(code)


@dataclass
class Rejection:
    row: int
    reason: str
    raw: dict


# A bound for sessions a person types: about three a year since 2008, so 100 leaves decades of room.
MAX_UPR_SESSION = 100


def cycle_for_session(session: int | None) -> int | None:
    """UPR cycles by working-group session: 1-12, 13-26, 27-40, then 41 onwards."""
    if session is None or session < 1:
        return None
    if session <= 12:
        return 1
    if session <= 26:
        return 2
    if session <= 40:
        return 3
    return 4


def normalise_text(text: str) -> str:
    """Whitespace collapsed and trimmed: how a text is stored."""
    return re.sub(r"\s+", " ", text or "").strip()


def text_key(text: str) -> str:
    """The identity of a text for merging: case, spacing and final punctuation do not matter."""
    return normalise_text(text).casefold().rstrip(" .;,")


# OHCHR's exports write values as list items, "- CRC", "- Youth & juveniles": the bullet is not part of the value.
BULLET = re.compile(r"^(?:[-–—•](?:\s+|$))+")


def clean_value(value) -> str:
    """One exported value as stored: whitespace collapsed, leading list bullets ("- ") dropped."""
    return BULLET.sub("", normalise_text(str(value if value is not None else "")))


def split_multi(value, separators: str = ";|\n") -> list[str]:
    """A multi-valued cell: a list already (JSON) or a string with ; | or newlines between values."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items: Iterable = [_named(item) for item in value]
    else:
        items = re.split("[" + re.escape(separators) + "]", str(value))
    return [cleaned for cleaned in (clean_value(item) for item in items) if cleaned]


def _named(item):
    """An exported list item may be an object ({"Name": "France", "Id": 7}): its name."""
    if isinstance(item, dict):
        return next((item[key] for key in ("Name", "name", "Title", "title", "Value", "value", "Text", "text")
                     if item.get(key)), "")
    return item


SDG_TARGET = re.compile(r"^\s*(?:SDG\s*|Target\s*)?(\d{1,2})\.([0-9]{1,2}|[a-z])\b", re.IGNORECASE)
SDG_GOAL = re.compile(r"^\s*(?:S\d{1,2}\s+)?(?:SDG|Goal)\s*(\d{1,2})\b", re.IGNORECASE)


def sdg_codes(value: str) -> tuple[str | None, str | None]:
    """("16", "16.2") from "16.2 - Protect children...", ("16", None) from "SDG 16 - peace..."."""
    match = SDG_TARGET.match(value)
    if match and 1 <= int(match.group(1)) <= 17:
        return match.group(1), f"{int(match.group(1))}.{match.group(2).lower()}"
    match = SDG_GOAL.match(value)
    if match and 1 <= int(match.group(1)) <= 17:
        return str(int(match.group(1))), None
    return None, None


def response_code(value: str) -> str:
    """Map a source's wording of the position to supported / noted / voluntary_pledge / pending / ''."""
    word = normalise_text(value).casefold()
    if not word:
        return ""
    if word.startswith(("accept", "support", "agree")):
        return "supported"
    if word.startswith(("note", "reject", "not support", "not accept")):
        return "noted"
    if "pledge" in word:
        return "voluntary_pledge"
    # UPR Info's "General response" and "No response": the state took no clear position (yet).
    if word.startswith(("pending", "general", "no response", "not clear", "awaiting", "deferred")):
        return "pending"
    return ""
