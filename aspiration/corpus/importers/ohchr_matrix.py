"""OHCHR "Thematic list of recommendations" (UPR matrix) Word documents.

Layouts differ between cycles, so columns are found by their heading and the label cell is read
by its own headings: cycle 2 lists coded themes ("A12 Acceptance of international norms") then
"Affected persons:"; later matrices list plain UHRI theme names, "SDGs:" (or a "Relevant SDGs"
column) and "Affected persons:". Theme group rows ("Theme: ...") spanning the table are skipped.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from aspiration import safe_zip
from aspiration.corpus.importers import (
    MalformedFile,
    Record,
    Rejection,
    cycle_for_session,
    normalise_text,
    response_code,
    sdg_codes,
)
from aspiration.reference.countries import match_country

PARAGRAPH = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s+")
SOURCE = re.compile(r"\n?\s*Source of position\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
CODED_THEME = re.compile(r"^[A-Z]\d{1,2}\s+")
HEADER = re.compile(
    r"UPR of (?P<state>.+?)\s*\((?P<cycle>\d+)\w*\s+Cycle\s*[-–—]\s*(?P<session>\d+)\w*\s+session\)", re.IGNORECASE)
FILE_NAME = re.compile(r"UPR(?P<session>\d+)_\s*(?P<state>[^_]+)_", re.IGNORECASE)
# OHCHR file names end in the UN document language letter: ..._E.docx is English.
LANGUAGE_SUFFIX = re.compile(r"_(?P<letter>[EFSRCA])\.docx$", re.IGNORECASE)
LANGUAGES = {"E": "en", "F": "fr", "S": "es", "R": "ru", "C": "zh", "A": "ar"}
SECTION_HEADINGS = {"themes": "themes", "theme": "themes", "sdgs": "sdgs", "relevant sdgs": "sdgs",
                    "affected persons": "affected", "affected person": "affected"}


def parse(path: Path, state: str = "", session: int | None = None) -> list[Record | Rejection]:
    """Records of a matrix; ``state`` (a name or ISO3 code) and ``session`` say whose review it is and when,
    for files that do not say it themselves (what the file says wins, and a contradicting state is refused)."""
    path = Path(path)
    document = _open(path)
    state, session, cycle = _review(document, path, state, session)
    records: list[Record | Rejection] = []
    tables = [table for table in document.tables if _columns(table)]
    if not tables:
        raise MalformedFile(path, "no table with a 'Recommendation' and a 'Position' column")
    match = LANGUAGE_SUFFIX.search(path.name)
    language = LANGUAGES[match["letter"].upper()] if match else ""  # else identified from the text
    row_number = 0
    for table in tables:
        columns = _columns(table)
        for row in table.rows[1:]:
            row_number += 1
            cells = [cell.text for cell in row.cells]
            if len({normalise_text(c) for c in cells}) == 1:
                continue  # a theme heading spanning the row, or an empty row
            records.append(_record(cells, columns, row_number, state, session, cycle, language))
    return records


def _open(path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        safe_zip.check(path)  # before python-docx inflates anything
        return docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as error:
        raise MalformedFile(path, f"not a readable Word (.docx) document: {error}") from None


def stated_review(path: Path) -> tuple[str, int | None, int | None] | None:
    """(state as written, session, cycle) when the file tells them, else None: then someone must say the state."""
    path = Path(path)
    return _stated_review(_open(path), path)


def _stated_review(document, path: Path) -> tuple[str, int | None, int | None] | None:
    """State under review, session and cycle from the page header, else from the file name."""
    texts = [p.text for section in document.sections for p in section.header.paragraphs]
    texts += [p.text for p in document.paragraphs[:10]]
    for text in texts:
        match = HEADER.search(text)
        if match:
            session = int(match["session"])
            return normalise_text(match["state"]), session, int(match["cycle"])
    match = FILE_NAME.search(path.name)
    if match:
        session = int(match["session"])
        return normalise_text(match["state"]), session, cycle_for_session(session)
    return None


def _review(document, path: Path, given: str, given_session: int | None = None) -> tuple[str, int | None, int | None]:
    """What the file tells, checked against the state a person gave; the given state (and session) when it is silent."""
    stated = _stated_review(document, path)
    if stated is None:
        if given:
            return given, given_session, cycle_for_session(given_session) if given_session else None
        raise MalformedFile(path, "cannot tell the state under review: no 'UPR of <State> (... session)' header "
                                  "and the file name is not like UPR20_Slovenia_...docx; say which state it is")
    if not given:
        return stated
    written = match_country(stated[0])
    if written is None:  # a name the country list does not know: the person's choice says which state it is
        return given, stated[1], stated[2]
    if written != match_country(given):
        raise MalformedFile(path, f"the file is the review of {stated[0]}, not of the state given ({given})")
    return stated


def _columns(table) -> dict[str, int]:
    """Which column holds what, from the heading row."""
    if not table.rows:
        return {}
    columns: dict[str, int] = {}
    for index, cell in enumerate(table.rows[0].cells):
        heading = normalise_text(cell.text).casefold()
        if "recommendation" in heading and "text" not in columns:
            columns["text"] = index
        elif heading.startswith("position") and "position" not in columns:
            columns["position"] = index
        elif "sdg" in heading:
            columns["sdgs"] = index
        elif "affected" in heading:
            columns["affected"] = index
        elif "theme" in heading:
            columns["themes"] = index
    return columns if {"text", "position"} <= columns.keys() else {}


def _record(cells: list[str], columns: dict[str, int], number: int, state: str,
            session: int | None, cycle: int | None, language: str) -> Record | Rejection:
    raw = {name: cells[index] for name, index in columns.items()}
    body = cells[columns["text"]].strip()
    source = ""
    match = SOURCE.search(body)
    if match:
        source, body = normalise_text(match.group(1)), body[: match.start()]
    paragraph = ""
    match = PARAGRAPH.match(body)
    if match:
        paragraph, body = match.group(1), body[match.end():]
    text, recommending = split_recommending_states(normalise_text(body))
    if not text:
        return Rejection(number, "no recommendation text", raw)
    position = normalise_text(cells[columns["position"]])
    response = response_code(position)
    if position and not response:
        return Rejection(number, f"unknown position {position!r} (expected Supported or Noted)", raw)
    record = Record(
        text=text, state=state, row=number, rows=[number], mechanism="UPR", session=session, cycle=cycle,
        paragraph=paragraph, recommending_states=recommending, response=response, response_source=source,
        document=_report_symbol(source), language=language, raw=raw,
    )
    for name in ("themes", "sdgs", "affected"):
        if name in columns:
            _read_labels(record, cells[columns[name]], name)
    return record


def _read_labels(record: Record, cell: str, section: str) -> None:
    """Themes, SDGs and affected persons from a cell whose own headings may switch the section."""
    for line in cell.splitlines():
        line = normalise_text(line)
        heading = line.rstrip(":").casefold()
        if line.endswith(":") and heading in SECTION_HEADINGS:
            section = SECTION_HEADINGS[heading]
            continue
        if heading in SECTION_HEADINGS and not line.endswith(":"):
            continue
        value = normalise_text(line.lstrip("-–•* "))
        if not value:
            continue
        goal, target = sdg_codes(value)
        if section == "sdgs" or (goal and re.match(r"^S\d{1,2}\s+SDG", value)):
            if goal:
                record.add_label("sdg_goal", goal)
            if target:
                record.add_label("sdg_target", target)
        elif section == "affected":
            record.add_label("uhri_affected_person", value)
        else:
            record.add_label("uhri_theme", CODED_THEME.sub("", value))


def split_recommending_states(text: str) -> tuple[str, list[str]]:
    """("Ratify ICRMW", ["Senegal", "Venezuela (Bolivarian Republic of)"]) from the text ending in (States);"""
    text = text.rstrip(" ;.")
    if not text.endswith(")"):
        return text, []
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            inner, before = text[index + 1:-1], text[:index].rstrip()
            break
    else:
        return text, []
    states, depth, current = [], 0, ""
    for char in inner:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",;" and depth == 0:
            states.append(current)
            current = ""
        else:
            current += char
    states = [normalise_text(s) for s in [*states, current] if normalise_text(s)]
    return (before.rstrip(" ;") + "." if before and not before.endswith((".", "!", "?")) else before), states


def _report_symbol(source: str) -> str:
    """The working group report behind "A/HRC/28/15/Add.1 - Para. 3": A/HRC/28/15."""
    match = re.match(r"(A/HRC/\d+/\d+)", source)
    return match.group(1) if match else ""
