"""The one owner of what may go into an exported cell or document text (CSV, XLSX, DOCX).

Two dangers: a text starting with ``=``, ``+``, ``-`` or ``@`` runs as a formula when a spreadsheet
program opens the file (formula injection), and a control character such as U+0007 (imported texts
carry some) is illegal in XML, so openpyxl and python-docx refuse to write the whole file.
Pure Python: the corpus export, the explore exports, the plan workbook, the match workbook, the
rejected-rows file and the reports all write their cells through the writers below, never raw.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

# Spreadsheet programs run cells starting with these as formulas: such a text gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids (tab, newline and carriage return are allowed).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """Text for a DOCX (or any XML): the value as a string without XML-illegal characters."""
    return "" if value is None else NOT_XML.sub("", str(value))


def csv_cell(value):
    """A CSV cell: control characters dropped (so the page's CSV and XLSX hold the same text), then a
    formula-looking text quoted; other values are unchanged."""
    if not isinstance(value, str):
        return value
    value = NOT_XML.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xlsx_cell(value):
    """An XLSX cell: the same rule as a CSV cell (openpyxl refuses the control characters outright)."""
    return csv_cell(value)


def unquote_cell(value):
    """The text a quoted cell stood for, for reading back a workbook Aspiration exported."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


# Writers: every exported CSV row and XLSX cell goes through one of these. -----------------------------------

def _safe_rows(handle: TextIO, header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[int]:
    """Write the header, then each row, every cell made safe; yields the number of rows written so far."""
    writer = csv.writer(handle)
    writer.writerow([csv_cell(value) for value in header])
    for number, row in enumerate(rows, 1):
        writer.writerow([csv_cell(value) for value in row])
        yield number


def write_csv(handle: TextIO, header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> int:
    """Write a header and rows to an open text file, every cell made safe; returns the number of rows."""
    return max(_safe_rows(handle, header, rows), default=0)  # the counts rise: the largest is the last


def csv_chunks(header: Iterable[Any], rows: Iterable[Iterable[Any]], rows_per_chunk: int = 200) -> Iterator[bytes]:
    """A CSV file in UTF-8 with a byte-order mark (so spreadsheet programs read Arabic and Chinese), in pieces
    of ``rows_per_chunk`` rows: a streamed download starts before the last row is read."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    for number in _safe_rows(buffer, header, rows):
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole CSV file (``csv_chunks`` joined)."""
    return b"".join(csv_chunks(header, rows))


def xlsx_row(values: Iterable[Any]) -> list:
    """A row for openpyxl's ``sheet.append``; a prepared ``WriteOnlyCell`` (for its style) is made safe in place."""
    row = []
    for value in values:
        if hasattr(value, "value") and hasattr(value, "font"):
            value.value = xlsx_cell(value.value)
        else:
            value = xlsx_cell(value)
        row.append(value)
    return row


def set_xlsx_cell(cell, value) -> None:
    """Set one openpyxl cell: made safe, and a text stays text (openpyxl would store "=..." as a formula)."""
    cell.value = xlsx_cell(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
