"""Reports with a control character or a formula-looking text in a recommendation (issue 11)."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from aspiration.corpus.models import Recommendation
from aspiration.reports.generate import generate


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_control_character_does_not_break_a_report(corpus, fmt):
    Recommendation.objects.filter(pk=corpus.recommendations[0].pk).update(text="=1+1 Protect\x07 women's shelters")
    content = generate("upr-midterm", "FRA", fmt, "en").content
    if fmt == "docx":
        text = "\n".join(c.text for t in docx.Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells)
        assert "Protect women's shelters" in text
    else:
        cells = [c for ws in openpyxl.load_workbook(io.BytesIO(content)) for row in ws.iter_rows() for c in row]
        assert not [c for c in cells if c.data_type == "f"]
        assert any(isinstance(c.value, str) and c.value.startswith("'=1+1 Protect women") for c in cells)
