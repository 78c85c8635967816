"""Any CSV or XLSX table, with a column mapping: ``text=Recommendation,state=Country,label:sdg_goal=SDG``.

Multi-valued cells (recommending states, labels) separate values with ; | or new lines.
"""

from __future__ import annotations

from pathlib import Path

from aspiration.corpus.importers import (
    MalformedFile,
    Record,
    Rejection,
    clean_value,
    cycle_for_session,
    response_code,
    split_multi,
)
from aspiration.corpus.importers.tabular import require_columns, table_rows
from aspiration.corpus.importers.uhri import annotation_kind, when_published

FIELDS = ("text", "state", "mechanism", "session", "cycle", "year", "date", "paragraph", "recommending_states",
          "response", "response_source", "kind", "source_id", "document", "language")
REQUIRED_FIELDS = ("text", "state")


def parse_mapping(spec: str) -> dict[str, str]:
    """{field: column} from "text=COL,state=COL,label:sdg_goal=COL"; raises ValueError with what is wrong."""
    mapping: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in spec.split(","))):
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise ValueError(f"{part!r} is not FIELD=COLUMN")
        if field not in FIELDS and not (field.startswith("label:") and len(field) > len("label:")):
            raise ValueError(f"unknown field {field!r}; use {', '.join(FIELDS)} or label:<taxonomy>")
        mapping[field] = column
    missing = [field for field in REQUIRED_FIELDS if field not in mapping]
    if missing:
        raise ValueError(f"the mapping needs {' and '.join(missing)}=COLUMN")
    return mapping


def parse(path: Path, mapping: dict[str, str], mechanism: str = "UPR", language: str = "") -> list[Record | Rejection]:
    path = Path(path)
    header, rows = table_rows(path)
    require_columns(path, header, list(mapping.values()))
    out: list[Record | Rejection] = []
    for number, row in rows:
        out.append(_record(row, number, mapping, mechanism, language))
    if not out:
        raise MalformedFile(path, "no data rows")
    return out


def _record(row: dict, number: int, mapping: dict[str, str], mechanism: str, language: str) -> Record | Rejection:
    raw = {key: value for key, value in row.items() if key != "__extra__"}

    def value(field: str) -> str:
        return clean_value(row.get(mapping[field], "")) if field in mapping else ""

    text, state = value("text"), value("state")
    if not text:
        return Rejection(number, f"empty text (column {mapping['text']})", raw)
    if not state:
        return Rejection(number, f"empty state (column {mapping['state']})", raw)
    numbers: dict[str, int | None] = {}
    for field in ("session", "cycle", "year"):
        text_value = value(field)
        if text_value and not text_value.isdigit():
            return Rejection(number, f"{field} {text_value!r} (column {mapping[field]}) is not a whole number", raw)
        numbers[field] = int(text_value) if text_value else None
    try:
        when, year = when_published(value("date"))
    except ValueError:
        return Rejection(number, f"unreadable date {value('date')!r} (column {mapping['date']})", raw)
    response = response_code(value("response"))
    if value("response") and not response:
        return Rejection(number, f"unknown response {value('response')!r} (expected supported, noted, pending)", raw)
    kind = annotation_kind(value("kind"))
    if kind is None:
        return Rejection(number, f"unknown type {value('kind')!r} (expected recommendation or concern/observation)", raw)
    record = Record(
        text=text, state=state, row=number, rows=[number], mechanism=value("mechanism") or mechanism,
        session=numbers["session"], cycle=numbers["cycle"] or cycle_for_session(numbers["session"]),
        year=numbers["year"] or year, date=when, paragraph=value("paragraph"),
        recommending_states=split_multi(row.get(mapping.get("recommending_states", ""), "")),
        response=response, response_source=value("response_source"), kind=kind,
        source_id=f"table:{value('source_id')}" if value("source_id") else "", document=value("document"),
        language=value("language") or language, raw=raw,
    )
    for field, column in mapping.items():
        if field.startswith("label:"):
            for code in split_multi(row.get(column, "")):
                record.add_label(field[len("label:"):], code)
    return record
