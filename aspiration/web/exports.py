"""Write a result set as CSV, XLSX, JSON or a DOCX thematic list: rows in, bytes out.

A row is a plain dict (see ``aspiration.web.presenters.export_rows``) with the keys of ``aspiration export``'s
records: the CSV and XLSX have the command's columns (``aspiration.corpus.export.header``/``table_row``) and
every cell goes through ``aspiration.safe_cells``, so files from the page and the command read the same.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator

from aspiration import safe_cells
from aspiration.corpus.export import BASE_COLUMNS, header, table_row, taxonomy_columns
from aspiration.safe_cells import xlsx_row, xml_text

# The taxonomies of the DOCX's label lines; the CSV and XLSX have a column for every taxonomy.
TAXONOMY_COLUMNS = ("upr_issue", "sdg_goal", "sdg_target", "affected_group", "cta_area", "action_category")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _named(row: dict):
    """Label cells as "code name" (the XLSX, read by people) from the row's names in the interface language."""
    def text(taxonomy: str, code: str) -> str:
        name = row["label_names"].get(taxonomy, {}).get(code)
        return code if not name or name == code else f"{code} {name}"
    return text


def csv_chunks(rows: Iterable[dict], taxonomies: list[str] | None = None) -> Iterator[bytes]:
    """The CSV in pieces, for a streamed download (rows are read as the pieces are sent)."""
    taxonomies = taxonomy_columns(taxonomies)
    return safe_cells.csv_chunks(header(taxonomies), (table_row(row, taxonomies) for row in rows))


def to_xlsx(rows: Iterable[dict], sheet_title: str = "Recommendations", taxonomies: list[str] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    # Write-only mode streams rows: several times faster and lighter than building every cell object.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].width = 80
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    taxonomies = taxonomy_columns(taxonomies)
    heading = []
    for title in xlsx_row(header(taxonomies)):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    text_column = BASE_COLUMNS.index("text")
    for row in rows:
        values = xlsx_row(table_row(row, taxonomies, label_text=_named(row)))
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
        for docx_row in table.rows:
            for width, cell in zip((Cm(9), Cm(3.2), Cm(2.2), Cm(4)), docx_row.cells, strict=True):
                cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
