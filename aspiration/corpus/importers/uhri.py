"""Universal Human Rights Index (UHRI) full exports, JSON or XLSX, with the fields documented by OHCHR:
AnnotationId, AnnotationType, Body, Symbol, Countries, Regions, Text, Themes, AffectedPersons, Sdgs,
UprCycle, UprPositions, UprRecommendingCountry, UprSession, PublicationDate.

A recommendation addressed to several countries becomes one record per country.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

from aspiration.corpus.importers import (
    MalformedFile,
    Record,
    Rejection,
    cycle_for_session,
    normalise_text,
    response_code,
    sdg_codes,
    split_multi,
)
from aspiration.corpus.importers.tabular import require_columns, xlsx_rows

REQUIRED = ["AnnotationId", "Body", "Countries", "Text"]
TREATY_BODIES = {
    "CCPR": ("human rights committee",),
    "CESCR": ("committee on economic, social and cultural rights",),
    "CERD": ("committee on the elimination of racial discrimination",),
    "CEDAW": ("committee on the elimination of discrimination against women",),
    "CAT": ("committee against torture",),
    "SPT": ("subcommittee on prevention of torture", "subcommittee on the prevention of torture"),
    "CRC": ("committee on the rights of the child",),
    "CMW": ("committee on migrant workers", "committee on the protection of the rights of all migrant workers"),
    "CRPD": ("committee on the rights of persons with disabilities",),
    "CED": ("committee on enforced disappearances",),
}
UPR_NAMES = {"upr", "universal periodic review", "upr working group"}
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


def mechanism_code(body: str) -> str:
    """UPR, a treaty body code, or "SP:<mandate>" for special procedures."""
    name = normalise_text(body)
    folded = name.casefold()
    if folded in UPR_NAMES:
        return "UPR"
    for code, names in TREATY_BODIES.items():
        if folded == code.casefold() or folded in names:
            return code
    name = re.sub(r"^(special procedures?|sp)\s*[:\-–]\s*", "", name, flags=re.IGNORECASE)
    return f"SP:{name}"


def _records(item: dict, number: int) -> list[Record | Rejection]:
    # JSON values are JSON already and XLSX cells arrive as strings: no copy needed to store them.
    raw = {key: value for key, value in item.items() if value not in (None, "", [])}
    text = normalise_text(str(item.get("Text") or ""))
    countries = split_multi(item.get("Countries"))
    body = normalise_text(str(item.get("Body") or ""))
    if not text:
        return [Rejection(number, "empty Text", raw)]
    if not countries:
        return [Rejection(number, "no Countries: a recommendation needs the state it is addressed to", raw)]
    if not body:
        return [Rejection(number, "empty Body (which mechanism made it?)", raw)]
    try:
        when, year = when_published(item.get("PublicationDate"))
    except ValueError:
        return [Rejection(number, f"unreadable PublicationDate {item.get('PublicationDate')!r}", raw)]
    mechanism = mechanism_code(body)
    session = _number(item.get("UprSession")) if mechanism == "UPR" else None
    cycle = (_number(item.get("UprCycle")) or cycle_for_session(session)) if mechanism == "UPR" else None
    position = " ".join(split_multi(item.get("UprPositions")))
    recommending = []
    for value in split_multi(item.get("UprRecommendingCountry")):
        recommending += [normalise_text(v) for v in COMMA_OUTSIDE_PARENS.split(value) if normalise_text(v)]
    annotation_id = normalise_text(str(item.get("AnnotationId") or ""))
    records: list[Record | Rejection] = []
    for index, country in enumerate(countries):
        record = Record(
            # Only the first country's record counts the source row as read.
            text=text, state=country, row=number, rows=[] if index else [number], mechanism=mechanism,
            session=session, cycle=cycle,
            date=when, year=year, recommending_states=list(recommending),
            response=response_code(position) if mechanism == "UPR" else "",
            source_id=f"uhri:{annotation_id}" + (f":{index}" if index else "") if annotation_id else "",
            document=normalise_text(str(item.get("Symbol") or "")), raw=raw,
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
    match = re.search(r"\d+", str(value or ""))
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
