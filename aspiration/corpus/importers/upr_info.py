"""UPR Info Database CSV exports (columns To, Text, From, Response, Action, Issue, Session, ...).

A joint recommendation appears once per recommending state: rows with the same state under
review, session and text become one record with several recommending states.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aspiration.corpus.importers import (
    MalformedFile,
    Record,
    Rejection,
    cycle_for_session,
    normalise_text,
    response_code,
    text_key,
)
from aspiration.corpus.importers.tabular import csv_rows, require_columns

REQUIRED = ["To", "Text", "From", "Response", "Session"]
# Column names used by other versions of the UPR Info export, mapped to the names above.
COLUMN_ALIASES = {
    "state under review": "To", "sur": "To", "recommendation": "Text", "recommending state": "From",
    "position": "Response", "action category": "Action", "issues": "Issue", "session number": "Session",
}
# UPR Info renamed a few issues over time; the contract keeps the names of the current vocabulary.
ISSUE_ALIASES = {"NHRI": "National Human Rights Institution", "Right to water": "Right to water and sanitation"}
UNKNOWN_STATE = {"", "(unknown)", "&#40;unknown&#41;", "unknown"}
YEARS_FILE = "upr-years.csv"


def _same_name(name: str) -> str | None:
    return name.casefold()


def load_years(path: Path, match: Callable[[str], str | None] = _same_name) -> dict[tuple[str, int], int]:
    """{(matched state, cycle): review year} from UPR Info's upr-years.csv (columns review1, review2...)."""
    _header, rows = csv_rows(path)
    years: dict[tuple[str, int], int] = {}
    for _number, row in rows:
        for column, value in row.items():
            if column.startswith("review") and value.strip().isdigit():
                state = normalise_text(row.get("country", ""))
                years[(match(state) or state.casefold(), int(column[len("review"):]))] = int(value)
    return years


def parse(path: Path, match: Callable[[str], str | None] = _same_name) -> list[Record | Rejection]:
    """Records (joint recommendations merged) and rejected rows, in file order.

    The review year comes from the ``upr-years.csv`` found next to the file, if any; ``match``
    (a name -> ISO3 function) joins its state names to the file's, which are spelt differently.
    """
    path = Path(path)
    years_path = path.with_name(YEARS_FILE)
    years = load_years(years_path, match) if years_path.exists() and years_path != path else {}
    header, rows = csv_rows(path)
    renames = {name: COLUMN_ALIASES[name.casefold()] for name in header
               if name.casefold() in COLUMN_ALIASES and COLUMN_ALIASES[name.casefold()] not in header}
    require_columns(path, [renames.get(name, name) for name in header], REQUIRED)
    if renames:
        rows = ((number, {renames.get(key, key): value for key, value in row.items()}) for number, row in rows)
    out: list[Record | Rejection] = []
    joint: dict[tuple[str, int | None, str, bool], Record] = {}
    for number, row in rows:
        result = _record(row, number, years, match)
        if isinstance(result, Rejection):
            out.append(result)
            continue
        pledge = result.response == "voluntary_pledge"
        key = (result.state.casefold(), result.session, text_key(result.text), pledge)
        if key in joint:
            _merge(joint[key], result)
        else:
            joint[key] = result
            out.append(result)
    if not joint and not out:
        raise MalformedFile(path, "no data rows")
    return out


def _record(row: dict[str, str], number: int, years: dict[tuple[str, int], int],
            match: Callable[[str], str | None]) -> Record | Rejection:
    raw = {key: value for key, value in row.items() if key != "__extra__"}
    if "__extra__" in row:
        return Rejection(number, f"{len(row['__extra__'])} more cells than columns (an unquoted comma?)", raw)
    text = normalise_text(row.get("Text", ""))
    state = normalise_text(row.get("To", ""))
    session_text = (row.get("Session") or "").strip()
    if not text:
        return Rejection(number, "empty Text", raw)
    if state.casefold() in UNKNOWN_STATE:
        return Rejection(number, "empty To (state under review)", raw)
    if not session_text.isdigit() or int(session_text) < 1:
        return Rejection(number, f"Session {session_text!r} is not a session number", raw)
    response_text = row.get("Response", "")
    response = response_code(response_text)
    if response_text.strip() and not response:
        return Rejection(number, f"unknown Response {response_text!r} (expected Accepted, Noted or Voluntary Pledge)", raw)
    session = int(session_text)
    cycle = cycle_for_session(session)
    record = Record(
        text=text, state=state, row=number, rows=[number], mechanism="UPR", session=session, cycle=cycle,
        year=years.get((match(state) or state.casefold(), cycle or 0)), response=response, language="en", raw=raw,
    )
    source = normalise_text(row.get("From", ""))
    # A voluntary pledge is the state's own commitment: nobody recommends it.
    if response != "voluntary_pledge" and source.casefold() not in UNKNOWN_STATE:
        record.recommending_states.append(source)
    action = (row.get("Action") or "").strip()
    if action:
        if action not in {"1", "2", "3", "4", "5"}:
            return Rejection(number, f"Action {action!r} is not an action category 1-5", raw)
        record.add_label("action_category", action)
    for issue in (row.get("Issue") or "").split(","):
        issue = normalise_text(issue)
        record.add_label("upr_issue", ISSUE_ALIASES.get(issue, issue))
    return record


def _merge(into: Record, other: Record) -> None:
    """Fold another row of the same joint recommendation into the first one."""
    into.rows.append(other.row)
    for state in other.recommending_states:
        if state not in into.recommending_states:
            into.recommending_states.append(state)
    for taxonomy, codes in other.labels.items():
        if taxonomy == "action_category" and into.labels.get(taxonomy):
            continue  # single label: the first row's category stands
        for code in codes:
            into.add_label(taxonomy, code)
    into.response = into.response or other.response
