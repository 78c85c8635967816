"""Every export neutralises formula-looking texts and survives control characters, and the explore page's table
has the command's columns: one safe writer (``aspiration.safe_cells``) behind all of them (issue 10)."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from aspiration.corpus.imports import rejected_csv
from aspiration.corpus.models import ImportBatch, RejectedRow
from aspiration.reports.generate import generate
from aspiration.tracking.plan_xlsx import export_plan
from aspiration.web import match_export

PREFIXES = ["=", "+", "-", "@"]
STARTS = ("=", "+", "-", "@", "\t", "\r")


def _texts(prefix: str) -> tuple[str, str]:
    """A recommendation text and an action title that a spreadsheet would run, each with a bell (U+0007) inside."""
    return f"{prefix}HYPERLINK(\"http://evil.example\",\"Adopt\x07 a law\")", f"{prefix}cmd|'/C calc'!A0 Train\x07 judges"


@pytest.fixture(params=PREFIXES)
def risky(request, world):
    text, title = _texts(request.param)
    world.rec_women.text = text
    world.rec_women.save()
    world.action_a.title = title
    world.action_a.save()
    return text.replace("\x07", ""), title.replace("\x07", "")


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def _xlsx_cells(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def _assert_csv_safe(text: str, *expected: str) -> None:
    cells = _csv_cells(text)
    assert not [cell for cell in cells if cell.startswith(STARTS)]
    for value in expected:
        assert any(value in cell for cell in cells), value


def _assert_xlsx_safe(data: bytes, *expected: str) -> None:
    cells = _xlsx_cells(data)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [value for value in values if value.startswith(STARTS)]
    for value in expected:
        assert any(value in cell for cell in values), value


def test_the_export_command(risky, tmp_path):
    text, _title = risky
    call_command("export", "--format", "csv", "--output", str(tmp_path / "out.csv"), stdout=io.StringIO())
    _assert_csv_safe((tmp_path / "out.csv").read_text(encoding="utf-8"), text.replace("\x07", ""))
    call_command("export", "--format", "xlsx", "--output", str(tmp_path / "out.xlsx"), stdout=io.StringIO())
    _assert_xlsx_safe((tmp_path / "out.xlsx").read_bytes(), text)


def test_the_explore_page_exports(client, risky):
    text, _title = risky
    _assert_csv_safe(client.get(reverse("export", args=["csv"])).getvalue().decode("utf-8"), text)
    _assert_xlsx_safe(client.get(reverse("export", args=["xlsx"])).content, text)
    document = docx.Document(io.BytesIO(client.get(reverse("export", args=["docx"])).content))
    assert any(text in cell.text for table in document.tables for row in table.rows for cell in row.cells)


def test_the_plan_workbook(risky, world):
    _text, title = risky
    _assert_xlsx_safe(export_plan(world.plan), title)


@pytest.mark.parametrize("kind", ["country-briefing", "upr-midterm", "vnr-annex"])
def test_the_reports(risky, world, kind):
    from aspiration.corpus.models import Recommendation
    from aspiration.reports.data import ReportError

    text, title = risky
    Recommendation.objects.filter(state=world.state).update(cycle=4)  # the mid-term report reports on a UPR cycle
    try:
        content = generate(kind, "FRA", "xlsx", "en").content
    except ReportError:  # a kind with nothing to say of this small world (e.g. no UPR cycle)
        pytest.skip(f"{kind} has nothing to report here")
    _assert_xlsx_safe(content, text if kind != "vnr-annex" else "Adopt a law", title if kind == "country-briefing" else "")


def test_the_match_workbook(risky):
    text, title = risky
    rows = [{"number": 1, "label": title, "text": text, "matches": [
        {"id": 1, "score": 0.9, "sentence": text, "text": text, "mechanism": "UPR", "session": 1, "cycle": 1,
         "year": 2020, "response": "-supported"}]}]
    _assert_xlsx_safe(match_export.to_xlsx(rows), text, title)


def test_the_rejected_rows_of_an_import(risky, tmp_path):
    text, title = risky
    batch = ImportBatch.objects.create(file_name="upload.csv", format="upr-info", checksum="0" * 64)
    RejectedRow.objects.create(batch=batch, row_number=2, reason=title, raw={"Recommendation": text + "\x07",
                                                                               title: "-1+1"})
    _assert_csv_safe(rejected_csv(batch).decode("utf-8"), text, title)
    call_command("import-rejections", "--batch", str(batch.pk), "--output", str(tmp_path / "rejected.csv"),
                 stdout=io.StringIO())
    _assert_csv_safe((tmp_path / "rejected.csv").read_text(encoding="utf-8"), text, title)


def test_the_page_and_the_command_write_the_same_columns(client, world, tmp_path):
    call_command("export", "--format", "csv", "--output", str(tmp_path / "out.csv"), stdout=io.StringIO())
    with open(tmp_path / "out.csv", encoding="utf-8") as handle:
        command = next(csv.reader(handle))
    page = next(csv.reader(io.StringIO(client.get(reverse("export", args=["csv"])).getvalue().decode("utf-8-sig"))))
    assert page == command
    assert command[:4] == ["id", "text", "language", "state"] and "labels.sdg_target" in command
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("export", args=["xlsx"])).content)).active
    assert [cell.value for cell in sheet[1]] == command
    call_command("export", "--format", "xlsx", "--output", str(tmp_path / "out.xlsx"), stdout=io.StringIO())
    assert [cell.value for cell in openpyxl.load_workbook(tmp_path / "out.xlsx").active[1]] == command
