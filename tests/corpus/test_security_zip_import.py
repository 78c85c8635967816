"""Zip bombs given to the importers are refused before python-docx or openpyxl inflate them (issue 11)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from aspiration.corpus.models import Recommendation

ZEROS = b"\0" * (30 * 1024 * 1024)


def _with_zeros(data: bytes, member: str) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, ZEROS)
    return buffer.getvalue()


def docx_bomb() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return _with_zeros(buffer.getvalue(), "word/media/image1.png")


def xlsx_bomb() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["text", "state"])
    book.save(buffer)
    return _with_zeros(buffer.getvalue(), "xl/media/image1.png")


def test_docx_bomb_is_refused_by_the_matrix_import_without_traceback(tmp_path):
    path = tmp_path / "UPR20_Slovenia_E.docx"
    path.write_bytes(docx_bomb())
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ASPIRATION_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, "-m", "aspiration", "import", "ohchr-matrix", str(path)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "zip bomb" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.django_db
def test_xlsx_bomb_is_refused_by_the_table_import(tmp_path):
    path = tmp_path / "rows.xlsx"
    path.write_bytes(xlsx_bomb())
    with pytest.raises(CommandError, match="refused"):
        call_command("import", "table", str(path), "--map", "text=text,state=state", stderr=io.StringIO())
    assert not Recommendation.objects.exists()
