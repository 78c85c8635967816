"""Write a result set as CSV, XLSX, JSON or a DOCX thematic list. Pure: rows in, bytes out.

A row is a plain dict (see ``aspiration.web.presenters.export_row``): the JSON keys match the
``aspiration export`` JSONL lines, so files from the page and the command read the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable

from aspiration.safe_cells import csv_cell, xlsx_cell, xml_text

TAXONOMY_COLUMNS = ("upr_issue", "sdg_goal", "sdg_target", "affected_group", "cta_area", "action_category")
BASE_COLUMNS = ("id", "text", "language", "state", "state_name", "mechanism", "document", "paragraph",
                "session", "cycle", "year", "response", "recommending_states", "url")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def flat(row: dict, named: bool, cell=csv_cell) -> list:
    """One spreadsheet row: base columns then one column per taxonomy (codes, or "code name"), each made safe by ``cell``."""
    values = [row[column] for column in BASE_COLUMNS]
    values[BASE_COLUMNS.index("recommending_states")] = "; ".join(row["recommending_states"])
    for taxonomy in TAXONOMY_COLUMNS:
        codes = row["labels"].get(taxonomy, [])
        if named:
            names = row["label_names"].get(taxonomy, {})
            values.append("; ".join(_named(code, names.get(code)) for code in codes))
        else:
            values.append("; ".join(codes))
    return [cell(v) for v in values]


def _named(code: str, name: str | None) -> str:
    return code if not name or name == code else f"{code} {name}"


def header() -> list[str]:
    return [*BASE_COLUMNS, *TAXONOMY_COLUMNS]


def to_csv(rows: Iterable[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in rows:
        writer.writerow(flat(row, named=False))
    # A byte-order mark so spreadsheet programs open the UTF-8 (Arabic, Chinese) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[dict], sheet_title: str = "Recommendations") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    # Write-only mode streams rows: several times faster and lighter than building every cell object.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].width = 80
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    heading = []
    for title in header():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    text_column = BASE_COLUMNS.index("text")
    for row in rows:
        values = flat(row, named=True, cell=xlsx_cell)
        text = WriteOnlyCell(sheet, value=values[text_column])
        text.alignment = wrap
        values[text_column] = text
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(rows: Iterable[dict], count: int) -> bytes:
    results = [{key: value for key, value in row.items() if key != "label_names"} for row in rows]
    return json.dumps({"count": count, "results": results}, ensure_ascii=False, indent=1).encode("utf-8")


def _label_lines(row: dict, taxonomy_names: dict[str, str], heading_issue: str) -> str:
    """One line per taxonomy ("SDG goal: Gender equality, ..."), leaving out the issue of the heading."""
    lines = []
    for taxonomy in TAXONOMY_COLUMNS:
        labels = row["label_names"].get(taxonomy, {})
        names = [name for code, name in labels.items() if (taxonomy, code) != ("upr_issue", heading_issue)]
        if names:
            lines.append(f"{taxonomy_names.get(taxonomy, taxonomy)}: {', '.join(names)}")
    return "\n".join(lines)


def to_docx(rows: list[dict], texts: dict[str, str], issue_names: dict[str, str]) -> bytes:
    """A "thematic list of recommendations" as in OHCHR's UPR matrices: one table per UPR issue.

    Each recommendation appears once, under the one of its UPR issues that is most frequent in the
    whole result set (so a search on torture groups under "Torture", not under an alphabetically first
    side issue); those without an issue come last.
    ``texts`` holds the translated headings: title, subtitle, recommendation, states, position,
    labels, unclassified.
    """
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.8)
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(xml_text(texts["title"]), level=0)
    document.add_paragraph(xml_text(texts["subtitle"]))
    frequency = Counter(code for row in rows for code in row["labels"].get("upr_issue", []))
    groups: dict[str, list[dict]] = {}
    for row in rows:
        issues = row["labels"].get("upr_issue") or [""]
        main = min(issues, key=lambda code: (-frequency[code], code))
        groups.setdefault(main, []).append(row)
    order = sorted((code for code in groups if code), key=lambda code: issue_names.get(code, code).lower())
    if "" in groups:
        order.append("")
    for code in order:
        document.add_heading(xml_text(issue_names.get(code, code) if code else texts["unclassified"]), level=1)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        heads = (texts["recommendation"], texts["states"], texts["position"], texts["labels"])
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in groups[code]:
            cells = table.add_row().cells
            source = f"{row['state_name']}, {row['mechanism']}" + (f", {row['session']}" if row["session"] else "")
            cells[0].text = xml_text(f"{row['text']}\n({source})")
            cells[1].text = xml_text(", ".join(row["recommending_state_names"]))
            cells[2].text = xml_text(row["response_name"])
            cells[3].text = xml_text(_label_lines(row, texts["taxonomies"], heading_issue=code))
        for table_row in table.rows:
            for width, cell in zip((Cm(9), Cm(3.2), Cm(2.2), Cm(4)), table_row.cells, strict=True):
                cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
