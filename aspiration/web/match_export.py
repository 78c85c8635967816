"""The matches of a document as a workbook: one row per passage and matched recommendation.

Every cell goes through ``aspiration.safe_cells`` (formula injection, XML-illegal characters).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from aspiration.safe_cells import xlsx_cell

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [_("Passage"), _("Number in the document"), _("Passage text"), _("Rank"), _("Recommendation"),
            _("Similarity"), _("Closest sentence"), _("Recommendation text"), _("Mechanism"), _("Session"),
            _("Cycle"), _("Year"), _("Response")]


def to_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _("Matches")[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in (("C", 60), ("G", 50), ("H", 70)):
        sheet.column_dimensions[column].width = width
    for row in rows:
        for rank, match in enumerate(row["matches"], start=1):
            values = [row["number"], row["label"], row["text"], rank, match["id"], match["score"], match["sentence"],
                      match["text"], match["mechanism"], match["session"], match["cycle"], match["year"],
                      match["response"]]
            sheet.append([xlsx_cell(value) for value in values])
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
