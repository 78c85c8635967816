"""Universal Human Rights Index (UHRI) full exports, JSON or XLSX, with the fields documented by OHCHR:
AnnotationId, AnnotationType, Body, Symbol, Countries, Regions, Text, Themes, AffectedPersons, Sdgs,
UprCycle, UprPositions, UprRecommendingCountry, UprSession, PublicationDate.

A recommendation addressed to several countries becomes one record per country. The full export
writes many values as list items ("Body": "- CRC", "AffectedPersons": ["- Youth & juveniles"]): every
field is read without that bullet. AnnotationType says whether the row is a recommendation or one of
the concerns/observations treaty bodies and special procedures also publish; it is kept as the
record's ``kind``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

from aspiration.corpus.importers import (
    MalformedFile,
    Record,
    Rejection,
    clean_value,
    cycle_for_session,
    response_code,
    sdg_codes,
    split_multi,
)
from aspiration.corpus.importers.tabular import require_columns, xlsx_rows
from aspiration.reference.catalog import mechanisms

REQUIRED = ["AnnotationId", "Body", "Countries", "Text"]
# Spellings of treaty bodies and the UPR beyond their codes and names in REF's mechanisms.json.
MECHANISM_ALIASES = {
    "hrcttee": "CCPR", "hr committee": "CCPR",
    "subcommittee on the prevention of torture": "SPT",
    "committee on the protection of the rights of all migrant workers": "CMW",
    "committee on the protection of the rights of all migrant workers and members of their families": "CMW",
    "upr working group": "UPR", "working group on the universal periodic review": "UPR",
}
# "CRC-OPSC", "CRC/OPAC", "CRC-OP-AC": the committee reviewing a state under one of its optional protocols.
OPTIONAL_PROTOCOL = re.compile(r"^([a-z]+)\s*[-/ ]\s*op", re.IGNORECASE)
# "Committee on the Rights of the Child (CRC)"
TRAILING_ACRONYM = re.compile(r"^(.*?)\s*\(([^()]+)\)$")
# Recommending countries separated by ; | newline, or by commas outside parentheses ("Iran (Islamic Republic of)").
COMMA_OUTSIDE_PARENS = re.compile(r",(?![^()]*\))")


def parse(path: Path) -> list[Record | Rejection]:
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows = xlsx_rows(path)
        require_columns(path, header, REQUIRED)
        items = list(rows)
    else:
        items = list(enumerate(_json_items(path), start=1))
        if items:
            require_columns(path, list(items[0][1].keys()), REQUIRED)
    if not items:
        raise MalformedFile(path, "no recommendations in the file")
    out: list[Record | Rejection] = []
    for number, item in items:
        out.extend(_records(item, number))
    return out


def _json_items(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedFile(path, f"not a UHRI JSON export: {error}") from None
    if isinstance(data, dict):  # {"value": [...]} or {"data": [...]} wrappers
        data = next((value for value in data.values() if isinstance(value, list)), None)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise MalformedFile(path, "not a UHRI JSON export: expected a list of objects")
    return data


@cache
def _mechanism_names() -> dict[str, str]:
    """Casefolded code or name (any of the six languages) -> code, for the UPR and the treaty bodies."""
    names = {alias: code for alias, code in MECHANISM_ALIASES.items()}
    for mechanism in mechanisms():
        names[mechanism["code"].casefold()] = mechanism["code"]
        for name in mechanism["names"].values():
            names[name.casefold()] = mechanism["code"]
    return names


def mechanism_code(body) -> str:
    """UPR, a treaty body code, or "SP:<mandate>" for special procedures."""
    name = _one(body)
    folded = name.casefold()
    known = _mechanism_names()
    if folded in known:
        return known[folded]
    acronym = TRAILING_ACRONYM.match(folded)
    if acronym and (acronym.group(2).strip() in known or acronym.group(1) in known):
        return known.get(acronym.group(2).strip()) or known[acronym.group(1)]
    protocol = OPTIONAL_PROTOCOL.match(folded)
    if protocol and protocol.group(1) in known:
        return known[protocol.group(1)]
    name = re.sub(r"^(special procedures?|sp)\s*[:\-–]\s*", "", name, flags=re.IGNORECASE)
    return f"SP:{name}"


def annotation_kind(value) -> str | None:
    """"recommendation" or "observation" from UHRI's AnnotationType; blank reads as a recommendation, None = unknown."""
    word = _one(value).casefold()
    if not word or word.startswith("recommend"):
        return "recommendation"
    if word.startswith(("concern", "observ")):
        return "observation"
    return None


def _one(value) -> str:
    """A single-valued field, which the export may still write as a one-item list."""
    values = split_multi(value) if isinstance(value, list | tuple) else [clean_value(value)]
    return values[0] if values else ""


def _records(item: dict, number: int) -> list[Record | Rejection]:
    # JSON values are JSON already and XLSX cells arrive as strings: no copy needed to store them.
    raw = {key: value for key, value in item.items() if value not in (None, "", [])}
    text = _one(item.get("Text"))
    countries = split_multi(item.get("Countries"))
    body = _one(item.get("Body"))
    kind = annotation_kind(item.get("AnnotationType"))
    if not text:
        return [Rejection(number, "empty Text", raw)]
    if not countries:
        return [Rejection(number, "no Countries: a recommendation needs the state it is addressed to", raw)]
    if not body:
        return [Rejection(number, "empty Body (which mechanism made it?)", raw)]
    if kind is None:
        return [Rejection(number, f"unknown AnnotationType {_one(item.get('AnnotationType'))!r} "
                                  "(expected a recommendation or a concern/observation)", raw)]
    published = item.get("PublicationDate")
    try:
        when, year = when_published(_one(published) if isinstance(published, str | list) else published)
    except ValueError:
        return [Rejection(number, f"unreadable PublicationDate {item.get('PublicationDate')!r}", raw)]
    mechanism = mechanism_code(body)
    session = _number(item.get("UprSession")) if mechanism == "UPR" else None
    cycle = (_number(item.get("UprCycle")) or cycle_for_session(session)) if mechanism == "UPR" else None
    position = " ".join(split_multi(item.get("UprPositions")))
    recommending = []
    for value in split_multi(item.get("UprRecommendingCountry")):
        recommending += [clean_value(v) for v in COMMA_OUTSIDE_PARENS.split(value) if clean_value(v)]
    annotation_id = _one(item.get("AnnotationId"))
    records: list[Record | Rejection] = []
    for index, country in enumerate(countries):
        record = Record(
            # Only the first country's record counts the source row as read.
            text=text, state=country, row=number, rows=[] if index else [number], mechanism=mechanism,
            session=session, cycle=cycle, kind=kind,
            date=when, year=year, recommending_states=list(recommending),
            response=response_code(position) if mechanism == "UPR" else "",
            source_id=f"uhri:{annotation_id}" + (f":{index}" if index else "") if annotation_id else "",
            document=_one(item.get("Symbol")), raw=raw,
        )
        for theme in split_multi(item.get("Themes")):
            record.add_label("uhri_theme", theme)
        for person in split_multi(item.get("AffectedPersons")):
            record.add_label("uhri_affected_person", person)
        for sdg in split_multi(item.get("Sdgs")):
            goal, target = sdg_codes(sdg)
            if goal is None:
                return [Rejection(number, f"unreadable SDG {sdg!r} (expected like '16.2 - ...')", raw)]
            record.add_label("sdg_goal", goal)
            if target:
                record.add_label("sdg_target", target)
        records.append(record)
    return records


def _number(value) -> int | None:
    match = re.search(r"\d+", _one(value))
    return int(match.group()) if match else None


def when_published(value) -> tuple[date | None, int | None]:
    """(date, year) from an ISO date, a day/month/year date, a spreadsheet date or a bare year."""
    if value in (None, ""):
        return None, None
    if isinstance(value, datetime):
        return value.date(), value.year
    if isinstance(value, date):
        return value, value.year
    text = str(value).strip()
    for pattern, form in ((r"^\d{4}-\d{2}-\d{2}", "%Y-%m-%d"), (r"^\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y")):
        match = re.match(pattern, text)
        if match:
            parsed = datetime.strptime(match.group(), form).date()
            return parsed, parsed.year
    if re.fullmatch(r"\d{4}", text):
        return None, int(text)
    raise ValueError(text)
