"""The document model and its renderers, without a database."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from aspiration.reports.charts import display_text, render_png
from aspiration.reports.document import BulletList, Chart, Document, Heading, Paragraph, Table
from aspiration.reports.render_docx import render_docx
from aspiration.reports.render_xlsx import render_xlsx, sheet_name

PNG = b"\x89PNG\r\n\x1a\n"


def sample(language: str = "en") -> Document:
    return Document("Report title", language=language, subtitle="A subtitle").add(
        Heading("Section one"),
        Paragraph("Some text."),
        Paragraph("A caveat.", note=True),
        BulletList(("first", "second")),
        Table("Counts", ("Name", "Count", "Share"), (("alpha", 3, 75.0), ("beta", 1, None))),
        Chart("Counts chart", ("alpha", "beta"), (("Count", (3.0, 1.0)),)),
        Heading("Sub", 2),
        Table("Counts", ("Name",), (("gamma",),)),  # same name: the sheet name must be made unique
    )


def test_docx_has_word_headings_tables_and_a_picture():
    word = docx.Document(io.BytesIO(render_docx(sample())))
    styled = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert ("Title", "Report title") in styled
    assert ("Heading 1", "Section one") in styled
    assert ("Heading 2", "Sub") in styled
    assert ("List Bullet", "second") in styled
    first = word.tables[0]
    cells = [[c.text for c in row.cells] for row in first.rows]
    assert cells == [["Name", "Count", "Share"], ["alpha", "3", "75.0"], ["beta", "1", ""]]
    assert first.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert len(word.inline_shapes) == 1
    assert not any(p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in word.paragraphs)


def test_arabic_docx_is_right_to_left_and_names_script_fonts():
    word = docx.Document(io.BytesIO(render_docx(sample("ar"))))
    heading = next(p for p in word.paragraphs if p.text == "Section one")
    assert heading._p.pPr.find(qn("w:bidi")) is not None
    assert word.tables[0]._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:cs"))


def test_xlsx_has_one_styled_frozen_sheet_per_table():
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(sample(), summary_title="Summary")))
    assert book.sheetnames == ["Summary", "Counts", "Counts (2)"]
    sheet = book["Counts"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [["Name", "Count", "Share"], ["alpha", 3, 75], ["beta", 1, None]]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert book["Summary"]["A1"].value == "Report title"
    assert "Section one" in [row[0].value for row in book["Summary"].iter_rows()]
    assert not sheet.sheet_view.rightToLeft
    assert openpyxl.load_workbook(io.BytesIO(render_xlsx(sample("ar"))))["Counts"].sheet_view.rightToLeft


def test_xlsx_never_stores_a_formula():
    document = Document("t").add(Table("T", ("text",), (("=HYPERLINK(\"http://evil\")",), ("+1",))))
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(document)))["T"]
    assert sheet["A2"].value == "'=HYPERLINK(\"http://evil\")"  # quoted, as in every export (aspiration.safe_cells)
    assert sheet["A2"].data_type == "s"


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(texts, st.integers() | st.none()), max_size=5), texts)
def test_any_text_survives_both_formats(rows, title):
    document = Document(title or "x").add(Heading(title), Paragraph(title), Table(title or "t", ("a", "b"), tuple(rows)))
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert len(word.tables[0].rows) == len(rows) + 1
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(document)))
    assert book.worksheets[1].max_row == len(rows) + 1 or not rows


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=50), max_size=8))
def test_sheet_names_are_valid_and_unique(names):
    used: set[str] = set()
    for name in names:
        result = sheet_name(name, used)
        assert 0 < len(result) <= 31 and not set(result) & set("[]:*?/\\")
        assert result.lower() not in {u.lower() for u in used}
        used.add(result)


def test_tables_and_charts_refuse_ragged_data():
    with pytest.raises(ValueError):
        Table("t", ("a", "b"), (("only one",),))
    with pytest.raises(ValueError):
        Chart("c", ("a", "b"), (("s", (1.0,)),))


@pytest.mark.parametrize("horizontal", [False, True])
@pytest.mark.parametrize("stacked", [False, True])
def test_charts_are_png_in_any_script(horizontal, stacked):
    chart = Chart("التوصيات 建议", ("妇女", "النساء", "Women" * 20), (("مؤيدة", (1.0, 2.0, 3.0)), ("Noted", (0.0, 1.0, 0.0))),
                  stacked=stacked, horizontal=horizontal, value_label="n")
    assert render_png(chart).startswith(PNG)


def test_long_labels_are_shortened_and_arabic_left_as_written():
    assert display_text("x" * 100).endswith("…") and len(display_text("x" * 100)) == 40
    assert display_text("النساء") == "النساء" and display_text("Women") == "Women"


def test_matplotlib_lays_out_arabic_itself():
    """Charts pass Arabic as written: that is right only with a matplotlib built with libraqm."""
    from matplotlib import ft2font

    assert getattr(ft2font, "__libraqm_version__", ""), "this matplotlib has no complex text layout: Arabic charts would break"


def test_tall_charts_fit_a_page():
    chart = Chart("many", tuple(f"cluster {i}" for i in range(60)), (("n", tuple(float(i) for i in range(60))),), horizontal=True)
    png = render_png(chart, dpi=50)
    height_px = int.from_bytes(png[20:24], "big")  # the IHDR chunk
    assert height_px <= 8.5 * 50


def test_docx_footer_carries_title_date_and_page_number():
    document = sample()
    word = docx.Document(io.BytesIO(render_docx(document)))
    footer = word.sections[0].footer.paragraphs[0]
    assert footer.text.startswith(f"Report title · {document.generated.isoformat()} · ")
    assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
