"""Plans to and from XLSX: a round trip keeps every action; bad rows are rejected with reasons."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from aspiration.tracking.models import Action, Cluster, Plan
from aspiration.tracking.plan_xlsx import COLUMNS, PlanFileError, export_plan, import_plan


def _action_fields(action: Action) -> tuple:
    return (action.title, action.description, action.responsible_institution_id, action.start_date, action.due_date,
            action.status, action.cluster.title if action.cluster else "",
            sorted(action.supporting_institutions.values_list("pk", flat=True)),
            sorted(action.recommendations.values_list("pk", flat=True)),
            sorted(action.sdg_targets.values_list("code", flat=True)), sorted(action.cta_areas.values_list("code", flat=True)))


def test_round_trip_through_the_command_line(world, tmp_path, capsys):
    world.action_a.cluster = Cluster.objects.create(plan=world.plan, title="Violence against women")
    world.action_a.description = "Ministry drafts; parliament adopts."
    world.action_a.save()
    world.action_a.supporting_institutions.set([world.health])
    output = tmp_path / "plan.xlsx"
    call_command("plan", "export", "--plan", str(world.plan.pk), "--output", str(output))
    assert "2 actions written" in capsys.readouterr().out
    call_command("plan", "import", str(output), "--state", "FRA")
    assert "2 actions imported, 0 rows rejected" in capsys.readouterr().out
    copy = Plan.objects.exclude(pk=world.plan.pk).get()
    assert copy.title == world.plan.title and copy.period_start == world.plan.period_start
    original = sorted(_action_fields(a) for a in world.plan.actions.all())
    imported = sorted(_action_fields(a) for a in copy.actions.all())
    assert imported == original


def _workbook(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(column) for column in COLUMNS])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_bad_rows_are_rejected_with_reasons_and_good_rows_kept(world):
    data = _workbook([
        {"title": "Train 500 judges", "responsible_institution": "MOJ", "due_date": "2026-06-30", "sdg_targets": "5.2"},
        {"title": "", "responsible_institution": "MOJ"},
        {"title": "Build shelters", "responsible_institution": "Ministry of Magic"},
        {"title": "Publish data", "responsible_institution": "MOH", "due_date": "next spring"},
        {"title": "Repeal law", "responsible_institution": "MOJ", "status": "finished"},
        {"title": "Fund NGOs", "responsible_institution": "MOJ", "recommendations": "999999"},
        {"title": "Survey", "responsible_institution": "MOJ", "sdg_targets": "99.9"},
        {"title": "Reverse", "responsible_institution": "MOJ", "start_date": "2026-01-01", "due_date": "2025-01-01"},
    ])
    result = import_plan(data, "FRA", title="Imported")
    assert result.created == 1
    reasons = dict(result.rejected)
    assert reasons[3] == "title is empty"
    assert "unknown institution 'Ministry of Magic'" in reasons[4]
    assert "'next spring' is not a date" in reasons[5]
    assert "status 'finished'" in reasons[6]
    # The same rules and words as the action form and the API (aspiration.tracking.validation, Action.clean).
    assert "No recommendation of this state has the number(s): 999999" in reasons[7]
    assert "code(s): 99.9" in reasons[8]
    assert "The due date is before the start date." in reasons[9]
    action = result.plan.actions.get()
    assert action.title == "Train 500 judges" and list(action.sdg_targets.values_list("code", flat=True)) == ["5.2"]


def test_create_institutions_option(world):
    result = import_plan(_workbook([{"title": "Build shelters", "responsible_institution": "Ministry of Women"}]), "FRA",
                         create_institutions=True)
    assert result.created == 1
    assert result.plan.actions.get().responsible_institution.country == world.state


@pytest.mark.parametrize(("data", "reason"), [
    (b"not a workbook", "not a readable XLSX"),
    (None, "no sheet named 'Actions'"),
])
def test_unusable_files_are_refused_whole(world, data, reason):
    if data is None:
        buffer = BytesIO()
        Workbook().save(buffer)
        data = buffer.getvalue()
    with pytest.raises(PlanFileError, match=reason):
        import_plan(data, "FRA")
    assert Plan.objects.count() == 1


def test_control_characters_do_not_break_export(world):
    world.action_a.title = "Draft\x1f the bill"
    world.action_a.save()
    assert import_plan(export_plan(world.plan), "FRA").plan.actions.filter(title="Draft the bill").exists()


def test_command_reports_unknown_state(world, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_plan(world.plan))
    with pytest.raises(CommandError, match="unknown state 'XXX'"):
        call_command("plan", "import", str(path), "--state", "XXX")


XLSX_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)  # what a spreadsheet can hold
CELL = st.one_of(st.none(), XLSX_TEXT, st.integers(-10, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                 st.booleans(), st.dates(), st.sampled_from(["MOJ", "Ministry of Health", "5.2", "3", "planned", "2025-01-01",
                                                             "1;2", "delayed", "women"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({column: CELL for column in COLUMNS}), min_size=1, max_size=4))
def test_malformed_rows_are_imported_or_rejected_never_crash(world, rows):
    result = import_plan(_workbook(rows), "FRA")
    assert result.created + len(result.rejected) == sum(
        1 for row in rows if not all(value in (None, "") for value in row.values()))
    assert all(reason for _number, reason in result.rejected)
    assert result.plan.actions.count() == result.created
