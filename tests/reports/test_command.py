"""``aspiration report``: a file and a summary line, or a clear error and no file."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_writes_a_docx_and_says_what_it_wrote(corpus, tmp_path):
    output = tmp_path / "midterm.docx"
    summary = run("upr-midterm", "--state", "fra", "--format", "docx", "--output", str(output), "--language", "fr")
    assert summary.startswith(f"wrote {output} (docx, fr): upr-midterm for FRA, 6 recommendations,")
    assert docx.Document(str(output)).paragraphs[0].text == "Rapport à mi-parcours de l'EPU : France"


def test_format_defaults_to_the_file_extension(corpus, tmp_path):
    output = tmp_path / "annex.xlsx"
    assert "(xlsx, en)" in run("vnr-annex", "--state", "FRA", "--output", str(output))
    assert "Recommendations by SDG goal" in openpyxl.load_workbook(output).sheetnames


@pytest.mark.parametrize(("args", "message"), [
    (("annual", "--state", "FRA"), "unknown report kind 'annual'"),
    (("country-briefing", "--state", "XYZ"), "unknown state 'XYZ'"),
    (("country-briefing", "--state", "ESP"), "ESP has no recommendations"),
    (("country-briefing", "--state", "FRA", "--language", "de"), "unknown language 'de'"),
    (("country-briefing", "--state", "FRA", "--format", "pdf"), "unknown format 'pdf'"),
])
def test_errors_are_clear_and_write_nothing(corpus, tmp_path, args, message):
    output = tmp_path / "out.docx"
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(output))
    assert not output.exists()


def test_missing_folder_is_an_error(corpus, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("country-briefing", "--state", "FRA", "--output", str(tmp_path / "nowhere" / "out.docx"))
