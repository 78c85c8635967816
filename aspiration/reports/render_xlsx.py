"""Write a report document to a spreadsheet (openpyxl; no Django).

A first sheet carries the title and the text; then one sheet per table, with a styled header
row that stays frozen while scrolling. Cells are always values, never formulas: a
recommendation text starting with "=" must not run as one (spreadsheet formula injection).
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from aspiration.reports.document import BulletList, Document, Heading, Paragraph, Table
from aspiration.safe_cells import set_xlsx_cell

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5F8B")
MAX_SHEET_NAME = 31
MAX_COLUMN_WIDTH = 80
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(document: Document, summary_title: str = "Summary") -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = sheet_name(summary_title, set())
    _write_summary(summary, document)
    used = {summary.title}
    for table in document.tables():
        sheet = book.create_sheet(sheet_name(table.name, used))
        used.add(sheet.title)
        _write_table(sheet, table)
    for sheet in book.worksheets:
        sheet.sheet_view.rightToLeft = document.rtl
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\ ."""
    base = _SHEET_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", name)).strip().strip("'") or "Sheet"
    base = base[:MAX_SHEET_NAME]
    candidate, number = base, 2
    while candidate.lower() in {u.lower() for u in used}:
        suffix = f" ({number})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    return candidate


def _write_summary(sheet, document: Document) -> None:
    set_xlsx_cell(sheet.cell(row=1, column=1), document.title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    row = 2
    if document.subtitle:
        set_xlsx_cell(sheet.cell(row=row, column=1), document.subtitle)
        row += 1
    for block in document.blocks:
        if isinstance(block, Heading):
            row += 1
            set_xlsx_cell(sheet.cell(row=row, column=1), block.text)
            sheet.cell(row=row, column=1).font = Font(bold=True, size=12 if block.level == 1 else 11)
            row += 1
        elif isinstance(block, Paragraph):
            set_xlsx_cell(sheet.cell(row=row, column=1), block.text)
            sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        elif isinstance(block, BulletList):
            for item in block.items:
                set_xlsx_cell(sheet.cell(row=row, column=1), f"• {item}")
                row += 1
    sheet.column_dimensions["A"].width = 110


def _write_table(sheet, table: Table) -> None:
    for column, title in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=column)
        set_xlsx_cell(cell, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            set_xlsx_cell(sheet.cell(row=row_number, column=column), value)
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    for column, title in enumerate(table.columns, start=1):
        longest = max([len(str(title))] + [len(str(row[column - 1] or "")) for row in table.rows])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(10, longest + 2), MAX_COLUMN_WIDTH)
        if longest > MAX_COLUMN_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
