"""Write a report document to an editable Word file (python-docx; no Django).

Headings use Word's own heading styles (so the navigation pane and a table of contents work),
tables are real Word tables with a repeated header row, charts are PNG pictures. Runs name a
Latin, an East Asian and a complex-script font so Chinese and Arabic display where Noto is
installed; Arabic documents get right-to-left paragraphs and tables.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

from aspiration.reports.charts import render_png
from aspiration.reports.document import BulletList, Chart, Document, Heading, Paragraph, Table
from aspiration.safe_cells import xml_text

LATIN_FONT = "Calibri"
EAST_ASIAN_FONT = "Noto Sans CJK SC"
COMPLEX_SCRIPT_FONT = "Noto Naskh Arabic"
def render_docx(document: Document) -> bytes:
    word = new_docx()
    _set_default_fonts(word, document.rtl)
    _page_setup(word, document)
    _paragraph(word.add_heading(xml_text(document.title), level=0), document.rtl)
    if document.subtitle:
        _paragraph(word.add_paragraph(xml_text(document.subtitle), style="Subtitle"), document.rtl)
    for block in document.blocks:
        _render_block(word, block, document.rtl)
    word.core_properties.title = xml_text(document.title)
    word.core_properties.language = document.language
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _render_block(word, block, rtl: bool) -> None:
    if isinstance(block, Heading):
        _paragraph(word.add_heading(xml_text(block.text), level=min(max(block.level, 1), 4)), rtl)
    elif isinstance(block, Paragraph):
        paragraph = _paragraph(word.add_paragraph(xml_text(block.text)), rtl)
        if block.note:
            for run in paragraph.runs:
                run.italic = True
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    elif isinstance(block, BulletList):
        for item in block.items:
            _paragraph(word.add_paragraph(xml_text(item), style="List Bullet"), rtl)
    elif isinstance(block, Table):
        _table(word, block, rtl)
    elif isinstance(block, Chart):
        word.add_picture(io.BytesIO(render_png(block)), width=Inches(6.3))
        _paragraph(word.paragraphs[-1], rtl).alignment = WD_ALIGN_PARAGRAPH.CENTER
        _paragraph(word.add_paragraph(xml_text(block.title), style="Caption"), rtl)


def _table(word, table: Table, rtl: bool) -> None:
    _paragraph(word.add_paragraph(xml_text(table.name), style="Caption"), rtl)
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = xml_text(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
        _paragraph(cell.paragraphs[0], rtl)
    _repeat_header(grid.rows[0])
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = xml_text(value)
            _paragraph(cell.paragraphs[0], rtl)
            if isinstance(value, int | float):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
    if rtl:
        grid._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    word.add_paragraph()


def _page_setup(word, document: Document) -> None:
    """Narrower margins (tables need the width) and a footer: title, date and page number."""
    section = word.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    footer = _paragraph(section.footer.paragraphs[0], document.rtl)
    footer.text = f"{xml_text(document.title)} · {document.generated.isoformat()} · "
    footer.runs[0].font.size = Pt(8)
    field = OxmlElement("w:fldSimple")  # a paragraph-level field: Word and LibreOffice fill in the page number
    field.set(qn("w:instr"), "PAGE")
    placeholder = footer.add_run("1")
    placeholder.font.size = Pt(8)
    field.append(placeholder._r)
    footer._p.append(field)


def _repeat_header(row) -> None:
    """Mark the header row to repeat on each page a long table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _paragraph(paragraph, rtl: bool):
    """Make a paragraph right-to-left (paragraph and runs) when the document is."""
    if rtl:
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    return paragraph


def _set_default_fonts(word, rtl: bool) -> None:
    """Name a font for each script in the styles every paragraph inherits from."""
    for style_name in ("Normal", "Title", "Subtitle", "Caption", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = word.styles[style_name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        if style_name == "Normal":
            fonts.set(qn("w:ascii"), LATIN_FONT)
            fonts.set(qn("w:hAnsi"), LATIN_FONT)
            style.font.size = Pt(10.5)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)
    if rtl:
        word.styles["Normal"].element.get_or_add_pPr().append(OxmlElement("w:bidi"))
