"""A plan to and from a spreadsheet: one sheet "Plan" (title, period) and one sheet "Actions" (a row per action).

Import checks every row and creates nothing from a bad one; each rejected row is reported with its
number and reason, and the good rows are imported in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook, load_workbook

from aspiration import safe_zip
from aspiration.accounts.audit import record, snapshot
from aspiration.accounts.models import Institution
from aspiration.reference.models import Country
from aspiration.safe_cells import unquote_cell, xlsx_row
from aspiration.tracking.models import Action, Cluster, Plan
from aspiration.tracking.validation import labels_with_codes, recommendations_of_state

COLUMNS = ("title", "description", "responsible_institution", "supporting_institutions", "start_date", "due_date",
           "status", "cluster", "recommendations", "sdg_targets", "sdg_indicators", "cta_areas")
LABEL_COLUMNS = {"sdg_targets": "sdg_target", "sdg_indicators": "sdg_indicator", "cta_areas": "cta_area"}
SEPARATOR = ";"


class PlanFileError(ValueError):
    """The whole file is unusable (not a spreadsheet, no Actions sheet, missing columns)."""


@dataclass
class ImportResult:
    plan: Plan
    created: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _join(values) -> str:
    return SEPARATOR.join(str(value) for value in values)


def export_plan(plan: Plan) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    for row in (("title", plan.title), ("state", plan.state.iso3), ("description", plan.description),
                ("period_start", plan.period_start), ("period_end", plan.period_end), ("published", plan.published)):
        sheet.append(xlsx_row(row))
    actions = workbook.create_sheet("Actions")
    actions.append(xlsx_row(COLUMNS))
    query = plan.actions.select_related("responsible_institution", "cluster").prefetch_related(
        "supporting_institutions", "recommendations", "sdg_targets", "sdg_indicators", "cta_areas")
    for action in query.order_by("id"):
        actions.append(xlsx_row((
            action.title, action.description, action.responsible_institution.name,
            _join(i.name for i in action.supporting_institutions.all()), action.start_date, action.due_date,
            action.status, action.cluster.title if action.cluster else "",
            _join(r.pk for r in action.recommendations.all()),
            _join(label.code for label in action.sdg_targets.all()),
            _join(label.code for label in action.sdg_indicators.all()),
            _join(label.code for label in action.cta_areas.all()),
        )))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_rows(data: bytes) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    try:
        safe_zip.check(BytesIO(data))  # before openpyxl inflates anything
    except safe_zip.UnsafeZip as error:
        raise PlanFileError(f"not a readable XLSX workbook: {error}") from None
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise PlanFileError(f"not a readable XLSX workbook: {error}") from error
    if "Actions" not in workbook.sheetnames:
        raise PlanFileError("the workbook has no sheet named 'Actions'")
    meta: dict[str, Any] = {}
    if "Plan" in workbook.sheetnames:
        for row in workbook["Plan"].iter_rows(values_only=True):
            if row and row[0]:
                meta[str(row[0]).strip()] = unquote_cell(row[1]) if len(row) > 1 else None
    rows = workbook["Actions"].iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(rows, ())]
    missing = {"title", "responsible_institution"} - set(header)
    if missing:
        raise PlanFileError(f"the Actions sheet lacks the column(s): {', '.join(sorted(missing))}")
    records = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(cell in (None, "") for cell in row):
            continue
        records.append((number, dict(zip(header, map(unquote_cell, row), strict=False))))
    return meta, records


def _date(value: Any, column: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise ValueError(f"{column} '{value}' is not a date (YYYY-MM-DD)") from error


def _split(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def _institution(name: str, country: Country) -> Institution:
    """An institution of the plan's state (or of no state) by name or acronym."""
    found = (Institution.objects.filter(Q(name__iexact=name) | Q(acronym__iexact=name))
             .filter(Q(country=country) | Q(country__isnull=True)).order_by("id").first())
    if found is None:
        raise ValueError(f"unknown institution '{name}' (create it first, or use --create-institutions)")
    return found


def _status(value: Any) -> str:
    text = str(value or "planned").strip().lower().replace(" ", "_")
    if text not in Action.Status.values:
        raise ValueError(f"status '{value}' is not one of {', '.join(Action.Status.values)}")
    return text


def _rule(check, *args):
    """A rule of ``aspiration.tracking.validation`` (or a model's ``clean``); its refusal rejects the row."""
    try:
        return check(*args)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error


def _parse_row(row: dict[str, Any], plan: Plan, create_institutions: bool) -> dict[str, Any]:
    """Validate one row into the values of an action, or raise ValueError with the reason."""
    title = str(row.get("title") or "").strip()
    if not title:
        raise ValueError("title is empty")
    if len(title) > 300:
        raise ValueError("title is longer than 300 characters")

    def institution(name: str) -> Institution:
        if create_institutions:
            return Institution.objects.get_or_create(name=name, country=plan.state)[0]
        return _institution(name, plan.state)

    responsible_name = str(row.get("responsible_institution") or "").strip()
    if not responsible_name:
        raise ValueError("responsible_institution is empty")
    values: dict[str, Any] = {
        "title": title, "description": str(row.get("description") or ""), "status": _status(row.get("status")),
        "start_date": _date(row.get("start_date"), "start_date"), "due_date": _date(row.get("due_date"), "due_date"),
    }
    _rule(Action(plan=plan, **values).clean)  # the model's own rules, as for the form and the API
    values["responsible_institution"] = institution(responsible_name)
    values["supporting_institutions"] = [institution(name) for name in _split(row.get("supporting_institutions"))]
    ids = _split(row.get("recommendations"))
    if any(not value.isdigit() for value in ids):
        raise ValueError(f"recommendations must be numbers separated by '{SEPARATOR}'")
    values["recommendations"] = _rule(recommendations_of_state, [int(value) for value in ids], plan.state_id)
    for column, taxonomy in LABEL_COLUMNS.items():
        values[column] = _rule(labels_with_codes, taxonomy, _split(row.get(column)))
    values["cluster"] = str(row.get("cluster") or "").strip()
    return values


def import_plan(data: bytes, state_iso3: str, *, actor=None, title: str = "", create_institutions: bool = False,
                progress=None) -> ImportResult:
    """Create a new plan from a workbook. Raises PlanFileError for an unusable file or unknown state."""
    country = Country.objects.filter(iso3=state_iso3.upper()).first()
    if country is None:
        raise PlanFileError(f"unknown state '{state_iso3}' (run 'aspiration load_reference' first?)")
    meta, rows = _read_rows(data)
    with transaction.atomic():
        plan = Plan.objects.create(
            state=country, title=(title or str(meta.get("title") or "") or f"Plan {country.iso3}")[:300],
            description=str(meta.get("description") or ""), created_by=actor,
            period_start=_date(meta.get("period_start"), "period_start"), period_end=_date(meta.get("period_end"), "period_end"),
        )
        record("import", plan, actor=actor, summary=f"plan imported with {len(rows)} rows", after=snapshot(plan))
        result = ImportResult(plan)
        for number, row in (progress(rows) if progress else rows):
            try:
                with transaction.atomic():
                    values = _parse_row(row, plan, create_institutions)
                    _create_action(plan, values, actor)
            except ValueError as error:
                result.rejected.append((number, str(error)))
                continue
            result.created += 1
    return result


def _create_action(plan: Plan, values: dict[str, Any], actor) -> Action:
    cluster_title = values.pop("cluster")
    m2m = {name: values.pop(name) for name in ("supporting_institutions", "recommendations", *LABEL_COLUMNS)}
    if cluster_title:
        values["cluster"] = Cluster.objects.get_or_create(plan=plan, title=cluster_title)[0]
    action = Action.objects.create(plan=plan, **values)
    for name, objects in m2m.items():
        getattr(action, name).set(objects)
    record("create", action, actor=actor, summary=f"imported: {action.title}", after=snapshot(action))
    return action
