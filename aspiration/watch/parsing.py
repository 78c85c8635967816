"""Reading feed files into plain rows (no Django): CSV, JSONL, RSS 2.0 and Atom (XML via defusedxml).

Every row either becomes a ``FeedRow`` or a ``RowError`` with its row number and a clear reason;
one bad row never stops a file.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from defusedxml import ElementTree

from aspiration.safe_links import web_link

ALIASES = {
    "text": ("text", "content", "body", "message", "tweet"),
    "date": ("date", "published", "created_at", "timestamp", "datetime", "time"),
    "country": ("country", "country_code", "iso3", "state"),
    "language": ("language", "lang"),
    "source": ("source", "site", "platform"),
    "url": ("url", "link"),
    "author": ("author", "handle", "author_handle", "user", "username"),
    "id": ("id", "external_id", "guid"),
}
_TAG = re.compile(r"<[^>]+>")
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass
class FeedRow:
    number: int
    text: str
    published: datetime
    country: str = ""
    language: str = ""
    source: str = ""
    url: str = ""
    author: str = ""
    external_id: str = ""

    def __post_init__(self) -> None:
        self.url = web_link(self.url)  # a javascript: or data: "link" from a feed is dropped, never stored


@dataclass
class RowError:
    number: int
    reason: Reason
    raw: dict


def gettext_noop(wording: str) -> str:
    """Marks a reason's English wording for the translation catalogues (their extractor knows this name)
    without loading Django here."""
    return wording


class Reason(str):
    """Why a row or a file was refused: the English sentence (what the command line prints), with its wording
    and values kept apart so that a page can say it in the reader's language (``watch.wording.say``)."""

    wording: str
    values: dict

    def __new__(cls, wording: str, **values) -> Reason:
        reason = super().__new__(cls, wording % values if values else wording)
        reason.wording, reason.values = wording, values
        return reason


class ParseError(ValueError):
    """The whole file is unreadable (not one row); its one argument is a ``Reason``."""

    @property
    def reason(self) -> Reason:
        return self.args[0] if isinstance(self.args[0], Reason) else Reason(str(self.args[0]))


def parse_date(value: str) -> datetime:
    value = value.strip()
    if not value:
        raise ValueError(Reason(gettext_noop("missing date")))
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            raise ValueError(Reason(gettext_noop("unreadable date “%(value)s” (use ISO 8601, e.g. 2026-03-01T10:00:00Z)"),
                                    value=value[:40])) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def strip_html(value: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", value)).split())


def _pick(raw: dict, field: str) -> str:
    lowered = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
    for alias in ALIASES[field]:
        value = lowered.get(alias)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def row_from_mapping(number: int, raw: dict) -> FeedRow | RowError:
    text = _pick(raw, "text")
    if not text:
        return RowError(number, Reason(gettext_noop("missing text")), raw)
    try:
        published = parse_date(_pick(raw, "date"))
    except ValueError as exc:
        return RowError(number, exc.args[0], raw)
    return FeedRow(number, text, published, _pick(raw, "country"), _pick(raw, "language"), _pick(raw, "source"),
                   _pick(raw, "url"), _pick(raw, "author"), _pick(raw, "id"))


def read_csv(content: str) -> Iterator[FeedRow | RowError]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise ParseError(Reason(gettext_noop("unreadable CSV header: %(detail)s"), detail=str(exc))) from None
    if not fieldnames:
        raise ParseError(Reason(gettext_noop("empty CSV file (a header row with at least a text and a date column is needed)")))
    header = {str(name).strip().lower() for name in fieldnames if name}
    for field in ("text", "date"):  # a missing column is one clear error, not the same one on every row
        if not header & set(ALIASES[field]):
            wording = (gettext_noop("no text column: name one of the header columns %(names)s") if field == "text"
                       else gettext_noop("no date column: name one of the header columns %(names)s"))
            raise ParseError(Reason(wording, names=", ".join(ALIASES[field])))
    rows = iter(reader)
    while True:
        try:
            raw = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # the csv module cannot resync after this: say where it stopped
            yield RowError(reader.line_num, Reason(gettext_noop("unreadable CSV from here on: %(detail)s"), detail=str(exc)), {})
            return
        number = reader.line_num
        if None in raw:
            yield RowError(number, Reason(gettext_noop("%(count)s more cells than header columns"), count=len(raw[None])),
                           {k: v for k, v in raw.items() if k})
            continue
        yield row_from_mapping(number, raw)


def read_jsonl(content: str) -> Iterator[FeedRow | RowError]:
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RowError(number, Reason(gettext_noop("invalid JSON: %(detail)s"), detail=exc.msg), {"line": line[:200]})
            continue
        if isinstance(raw, dict):
            yield row_from_mapping(number, raw)
        else:
            yield RowError(number, Reason(gettext_noop("not a JSON object")), {"line": line[:200]})


def _text(element, *paths: str) -> str:
    for path in paths:
        found = element.find(path)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return ""


def read_xml(content: str) -> Iterator[FeedRow | RowError]:
    try:
        root = ElementTree.fromstring(content.encode("utf-8"))
    except Exception as exc:  # defusedxml raises several types for hostile or broken XML
        raise ParseError(Reason(gettext_noop("unreadable XML: %(detail)s"), detail=str(exc))) from None
    if root.tag == f"{ATOM}feed":
        entries = root.findall(f"{ATOM}entry")
        language = root.get("{http://www.w3.org/XML/1998/namespace}lang", "")
        for number, entry in enumerate(entries, start=1):
            link = entry.find(f"{ATOM}link")
            raw = {
                "text": ". ".join(p for p in (strip_html(_text(entry, f"{ATOM}title")),
                                              strip_html(_text(entry, f"{ATOM}content", f"{ATOM}summary"))) if p),
                "date": _text(entry, f"{ATOM}published", f"{ATOM}updated"),
                "url": link.get("href", "") if link is not None else "",
                "author": _text(entry, f"{ATOM}author/{ATOM}name"),
                "id": _text(entry, f"{ATOM}id"),
                "language": entry.get("{http://www.w3.org/XML/1998/namespace}lang", language),
            }
            yield row_from_mapping(number, raw)
    elif root.tag == "rss":
        channel = root.find("channel")
        items = channel.findall("item") if channel is not None else []
        language = _text(channel, "language") if channel is not None else ""
        source = _text(channel, "title") if channel is not None else ""
        for number, item in enumerate(items, start=1):
            raw = {
                "text": ". ".join(p for p in (strip_html(_text(item, "title")), strip_html(_text(item, "description"))) if p),
                "date": _text(item, "pubDate", f"{DC}date"),
                "url": _text(item, "link"),
                "author": _text(item, "author", f"{DC}creator"),
                "id": _text(item, "guid"),
                "language": language,
                "source": source,
            }
            yield row_from_mapping(number, raw)
    else:
        raise ParseError(Reason(gettext_noop("not an RSS 2.0 or Atom feed (root element “%(tag)s”)"), tag=root.tag))


READERS = {".csv": read_csv, ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".xml": read_xml, ".rss": read_xml, ".atom": read_xml}


def read_file(path: Path) -> Iterator[FeedRow | RowError]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ParseError(Reason(gettext_noop("unsupported file type “%(suffix)s”: use .csv, .jsonl, .xml, .rss or .atom"),
                                suffix=path.suffix))
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(Reason(gettext_noop("file is not UTF-8 text"))) from None
    yield from reader(content)
