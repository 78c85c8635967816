"""REST API for plans, actions, indicators, measurements and progress updates (mounted at /api/tracking/).

Same permission helpers as the pages. Reads without credentials see published plans only.
Updates must send the ``version`` they were based on: a stale version gets HTTP 409.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from aspiration.accounts import permissions as perm
from aspiration.accounts.models import Institution
from aspiration.api.auth import WRITE_AUTH, TokenAuth
from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Country, Label
from aspiration.tracking.models import Action, Cluster, Indicator, Measurement, Plan, ProgressUpdate
from aspiration.tracking.services import VersionConflict, create_audited, follow_progress_status, update_versioned


def _anonymous(request):
    """Reads are open to everyone; what is visible depends on who it is (published items for the public)."""
    return True


READ_AUTH = [TokenAuth(), django_auth, _anonymous]

router = Router(tags=["tracking"])


# JSON parsers accept NaN and Infinity; no indicator value is either, and pages could not chart them.
Finite = Annotated[float, Field(allow_inf_nan=False)]


class Error(Schema):
    detail: str


ERRORS = {400: Error, 403: Error, 404: Error, 409: Error}


# Schemas -------------------------------------------------------------------------------------------------------

class PlanOut(Schema):
    id: int
    state: str
    title: str
    description: str
    period_start: Date | None
    period_end: Date | None
    published: bool
    version: int


class PlanIn(Schema):
    state: str
    title: str
    description: str = ""
    period_start: Date | None = None
    period_end: Date | None = None
    published: bool = False


class PlanPatch(Schema):
    version: int
    title: str | None = None
    description: str | None = None
    period_start: Date | None = None
    period_end: Date | None = None
    published: bool | None = None


class ActionOut(Schema):
    id: int
    plan_id: int
    cluster_id: int | None
    title: str
    description: str
    responsible_institution_id: int
    supporting_institution_ids: list[int]
    start_date: Date | None
    due_date: Date | None
    status: str
    recommendation_ids: list[int]
    sdg_targets: list[str]
    sdg_indicators: list[str]
    cta_areas: list[str]
    version: int


class ActionIn(Schema):
    plan_id: int
    title: str
    responsible_institution_id: int
    description: str = ""
    cluster_id: int | None = None
    supporting_institution_ids: list[int] = []
    start_date: Date | None = None
    due_date: Date | None = None
    status: Action.Status = Action.Status.PLANNED
    recommendation_ids: list[int] = []
    sdg_targets: list[str] = []
    sdg_indicators: list[str] = []
    cta_areas: list[str] = []


class ActionPatch(Schema):
    version: int
    title: str | None = None
    description: str | None = None
    responsible_institution_id: int | None = None
    cluster_id: int | None = None
    supporting_institution_ids: list[int] | None = None
    start_date: Date | None = None
    due_date: Date | None = None
    status: Action.Status | None = None
    recommendation_ids: list[int] | None = None
    sdg_targets: list[str] | None = None
    sdg_indicators: list[str] | None = None
    cta_areas: list[str] | None = None


class IndicatorOut(Schema):
    id: int
    action_id: int
    name: str
    definition: str
    unit: str
    baseline: float | None
    baseline_date: Date | None
    target: float | None
    target_date: Date | None
    sdg_indicator: str | None
    disaggregation: list[Indicator.Dimension]
    other_dimension: str
    version: int


class IndicatorIn(Schema):
    action_id: int
    name: str
    definition: str = ""
    unit: str = ""
    baseline: Finite | None = None
    baseline_date: Date | None = None
    target: Finite | None = None
    target_date: Date | None = None
    sdg_indicator: str | None = None
    disaggregation: list[Indicator.Dimension] = []
    other_dimension: str = ""


class IndicatorPatch(Schema):
    version: int
    name: str | None = None
    definition: str | None = None
    unit: str | None = None
    baseline: Finite | None = None
    baseline_date: Date | None = None
    target: Finite | None = None
    target_date: Date | None = None
    sdg_indicator: str | None = None
    disaggregation: list[Indicator.Dimension] | None = None
    other_dimension: str | None = None


class MeasurementOut(Schema):
    id: int
    indicator_id: int
    date: Date
    value: float
    disaggregation: dict[str, str]
    source: str
    version: int


class MeasurementIn(Schema):
    indicator_id: int
    date: Date
    value: Finite
    disaggregation: dict[str, str] = {}
    source: str = ""


class MeasurementPatch(Schema):
    version: int
    date: Date | None = None
    value: Finite | None = None
    disaggregation: dict[str, str] | None = None
    source: str | None = None


class ProgressOut(Schema):
    id: int
    action_id: int
    date: Date
    narrative: str
    status: str
    author: str | None
    evidence: list[dict[str, Any]]
    version: int


class ProgressIn(Schema):
    action_id: int
    date: Date
    narrative: str
    status: Action.Status


class ProgressPatch(Schema):
    version: int
    date: Date | None = None
    narrative: str | None = None
    status: Action.Status | None = None


# Serialisers ---------------------------------------------------------------------------------------------------

def _plan_out(plan: Plan) -> dict:
    return {"id": plan.pk, "state": plan.state.iso3, "title": plan.title, "description": plan.description,
            "period_start": plan.period_start, "period_end": plan.period_end, "published": plan.published,
            "version": plan.version}


def _action_out(action: Action) -> dict:
    return {
        "id": action.pk, "plan_id": action.plan_id, "cluster_id": action.cluster_id, "title": action.title,
        "description": action.description, "responsible_institution_id": action.responsible_institution_id,
        "supporting_institution_ids": [i.pk for i in action.supporting_institutions.all()],
        "start_date": action.start_date, "due_date": action.due_date, "status": action.status,
        "recommendation_ids": [r.pk for r in action.recommendations.all()],
        "sdg_targets": [label.code for label in action.sdg_targets.all()],
        "sdg_indicators": [label.code for label in action.sdg_indicators.all()],
        "cta_areas": [label.code for label in action.cta_areas.all()], "version": action.version,
    }


def _indicator_out(indicator: Indicator) -> dict:
    fields = ("id", "action_id", "name", "definition", "unit", "baseline", "baseline_date", "target", "target_date",
              "disaggregation", "other_dimension", "version")
    return {name: getattr(indicator, name) for name in fields} | {
        "sdg_indicator": indicator.sdg_indicator.code if indicator.sdg_indicator else None}


def _measurement_out(measurement: Measurement) -> dict:
    return {name: getattr(measurement, name)
            for name in ("id", "indicator_id", "date", "value", "disaggregation", "source", "version")}


def _progress_out(update: ProgressUpdate) -> dict:
    evidence = [{"id": item.pk, "url": item.url, "file": item.original_name, "size": item.size,
                 "content_type": item.content_type, "public": item.public} for item in update.evidence.all()]
    return {"id": update.pk, "action_id": update.action_id, "date": update.date, "narrative": update.narrative,
            "status": update.status, "author": str(update.author) if update.author else None, "evidence": evidence,
            "version": update.version}


# Helpers -------------------------------------------------------------------------------------------------------

def _allow(allowed: bool) -> None:
    if not allowed:
        raise HttpError(403, "You are not allowed to do this.")


def _visible(user, queryset, plan_path: str):
    """Restrict to published plans for users who may not read unpublished ones."""
    return queryset if perm.is_staff_reader(user) else queryset.filter(**{f"{plan_path}published": True})


def _labels(taxonomy: str, codes: list[str]) -> list[Label]:
    found = list(Label.objects.filter(taxonomy__code=taxonomy, code__in=codes))
    unknown = sorted(set(codes) - {label.code for label in found})
    if unknown:
        raise HttpError(400, f"unknown {taxonomy} code(s): {', '.join(unknown)}")
    return found


def _recommendations(plan: Plan, ids: list[int]) -> list[Recommendation]:
    found = list(Recommendation.objects.filter(pk__in=ids, state_id=plan.state_id))
    unknown = sorted(set(ids) - {r.pk for r in found})
    if unknown:
        raise HttpError(400, f"recommendation(s) {', '.join(map(str, unknown))} not found for {plan.state.iso3}")
    return found


def _institutions(ids: list[int]) -> list[Institution]:
    found = list(Institution.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(400, "unknown institution id(s)")
    return found


def _save(instance, version: int, user, save_m2m=None):
    try:
        return update_versioned(instance, version, actor=user, save_m2m=save_m2m)
    except VersionConflict as conflict:
        raise HttpError(409, str(conflict)) from conflict


def _apply(instance, values: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if values.get(name) is not None:
            setattr(instance, name, values[name])


# Plans ---------------------------------------------------------------------------------------------------------

@router.get("/plans", response=list[PlanOut], auth=READ_AUTH, summary="List plans (published ones for the public)")
def list_plans(request):
    return [_plan_out(plan) for plan in perm.visible_plans(request.user).select_related("state")]


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, auth=READ_AUTH)
def get_plan(request, plan_id: int):
    return _plan_out(get_object_or_404(perm.visible_plans(request.user).select_related("state"), pk=plan_id))


@router.post("/plans", response={201: PlanOut, **ERRORS}, auth=WRITE_AUTH)
def create_plan(request, payload: PlanIn):
    _allow(perm.can_manage_plan(request.user))
    state = Country.objects.filter(iso3=payload.state.upper()).first()
    if state is None:
        raise HttpError(400, f"unknown state '{payload.state}'")
    plan = Plan(state=state, created_by=request.user, **payload.dict(exclude={"state"}))
    return Status(201, _plan_out(create_audited(plan, actor=request.user)))


@router.patch("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, auth=WRITE_AUTH)
def update_plan(request, plan_id: int, payload: PlanPatch):
    plan = get_object_or_404(perm.visible_plans(request.user), pk=plan_id)
    _allow(perm.can_manage_plan(request.user, plan))
    _apply(plan, payload.dict(), ("title", "description", "period_start", "period_end", "published"))
    return _plan_out(_save(plan, payload.version, request.user))


# Actions -------------------------------------------------------------------------------------------------------

ACTION_PREFETCH = ("supporting_institutions", "recommendations", "sdg_targets", "sdg_indicators", "cta_areas")


@router.get("/actions", response=list[ActionOut], auth=READ_AUTH, summary="List actions, optionally of one plan")
def list_actions(request, plan: int | None = None, status: str | None = None):
    actions = _visible(request.user, Action.objects.all(), "plan__").prefetch_related(*ACTION_PREFETCH)
    if plan is not None:
        actions = actions.filter(plan_id=plan)
    if status:
        actions = actions.filter(status=status)
    return [_action_out(action) for action in actions.order_by("id")]


@router.get("/actions/{action_id}", response={200: ActionOut, **ERRORS}, auth=READ_AUTH)
def get_action(request, action_id: int):
    return _action_out(get_object_or_404(_visible(request.user, Action.objects.all(), "plan__"), pk=action_id))


def _set_action_m2m(action: Action, values: dict) -> None:
    if values.get("supporting_institution_ids") is not None:
        action.supporting_institutions.set(_institutions(values["supporting_institution_ids"]))
    if values.get("recommendation_ids") is not None:
        action.recommendations.set(_recommendations(action.plan, values["recommendation_ids"]))
    for name, taxonomy in (("sdg_targets", "sdg_target"), ("sdg_indicators", "sdg_indicator"), ("cta_areas", "cta_area")):
        if values.get(name) is not None:
            getattr(action, name).set(_labels(taxonomy, values[name]))


def _check_cluster(plan: Plan, cluster_id: int | None) -> None:
    if cluster_id is not None and not Cluster.objects.filter(pk=cluster_id, plan=plan).exists():
        raise HttpError(400, f"cluster {cluster_id} is not a cluster of plan {plan.pk}")


@router.post("/actions", response={201: ActionOut, **ERRORS}, auth=WRITE_AUTH)
def create_action(request, payload: ActionIn):
    plan = get_object_or_404(Plan, pk=payload.plan_id)
    _allow(perm.can_manage_plan(request.user, plan))
    values = payload.dict()
    _check_cluster(plan, payload.cluster_id)
    get_object_or_404(Institution, pk=payload.responsible_institution_id)
    action = Action(plan=plan, title=payload.title, description=payload.description, cluster_id=payload.cluster_id,
                    responsible_institution_id=payload.responsible_institution_id, start_date=payload.start_date,
                    due_date=payload.due_date, status=payload.status)
    with transaction.atomic():
        create_audited(action, actor=request.user, save_m2m=lambda: _set_action_m2m(action, values))
    return Status(201, _action_out(action))


@router.patch("/actions/{action_id}", response={200: ActionOut, **ERRORS}, auth=WRITE_AUTH)
def update_action(request, action_id: int, payload: ActionPatch):
    action = get_object_or_404(_visible(request.user, Action.objects.select_related("plan"), "plan__"), pk=action_id)
    _allow(perm.can_edit_action(request.user, action))
    values = payload.dict(exclude_unset=True)
    if not perm.can_manage_plan(request.user, action.plan):
        # A focal point cannot hand the action to another institution or move it between clusters.
        _allow(values.get("responsible_institution_id", action.responsible_institution_id) == action.responsible_institution_id
               and values.get("cluster_id", action.cluster_id) == action.cluster_id)
    if "cluster_id" in values:
        _check_cluster(action.plan, values["cluster_id"])
        action.cluster_id = values["cluster_id"]
    if values.get("responsible_institution_id") is not None:
        _institutions([values["responsible_institution_id"]])  # a 400 for an unknown id, not a failed save
    _apply(action, values, ("title", "description", "responsible_institution_id", "start_date", "due_date", "status"))
    with transaction.atomic():
        _save(action, payload.version, request.user, save_m2m=lambda: _set_action_m2m(action, values))
    return _action_out(action)


# Indicators and measurements -----------------------------------------------------------------------------------

def _sdg_indicator(code: str | None) -> Label | None:
    return _labels("sdg_indicator", [code])[0] if code else None


@router.get("/indicators", response=list[IndicatorOut], auth=READ_AUTH)
def list_indicators(request, action: int | None = None):
    indicators = _visible(request.user, Indicator.objects.select_related("sdg_indicator"), "action__plan__")
    if action is not None:
        indicators = indicators.filter(action_id=action)
    return [_indicator_out(indicator) for indicator in indicators.order_by("id")]


@router.get("/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS}, auth=READ_AUTH)
def get_indicator(request, indicator_id: int):
    return _indicator_out(get_object_or_404(_visible(request.user, Indicator.objects.all(), "action__plan__"), pk=indicator_id))


@router.post("/indicators", response={201: IndicatorOut, **ERRORS}, auth=WRITE_AUTH)
def create_indicator(request, payload: IndicatorIn):
    action = get_object_or_404(Action, pk=payload.action_id)
    _allow(perm.can_edit_action(request.user, action))
    values = payload.dict(exclude={"sdg_indicator"})
    indicator = Indicator(sdg_indicator=_sdg_indicator(payload.sdg_indicator), **values)
    return Status(201, _indicator_out(create_audited(indicator, actor=request.user)))


@router.patch("/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS}, auth=WRITE_AUTH)
def update_indicator(request, indicator_id: int, payload: IndicatorPatch):
    indicator = get_object_or_404(_visible(request.user, Indicator.objects.select_related("action"), "action__plan__"),
                                  pk=indicator_id)
    _allow(perm.can_edit_indicator(request.user, indicator))
    values = payload.dict(exclude_unset=True)
    if "sdg_indicator" in values:
        indicator.sdg_indicator = _sdg_indicator(values["sdg_indicator"])
    _apply(indicator, values, ("name", "definition", "unit", "baseline", "baseline_date", "target", "target_date",
                               "disaggregation", "other_dimension"))
    return _indicator_out(_save(indicator, payload.version, request.user))


def _check_breakdown(indicator: Indicator, breakdown: dict[str, str]) -> None:
    extra = sorted(set(breakdown) - set(indicator.disaggregation))
    if extra:
        raise HttpError(400, f"not a dimension of this indicator: {', '.join(extra)}")


@router.get("/measurements", response=list[MeasurementOut], auth=READ_AUTH)
def list_measurements(request, indicator: int | None = None):
    measurements = _visible(request.user, Measurement.objects.all(), "indicator__action__plan__")
    if indicator is not None:
        measurements = measurements.filter(indicator_id=indicator)
    return [_measurement_out(m) for m in measurements.order_by("id")]


@router.get("/measurements/{measurement_id}", response={200: MeasurementOut, **ERRORS}, auth=READ_AUTH)
def get_measurement(request, measurement_id: int):
    queryset = _visible(request.user, Measurement.objects.all(), "indicator__action__plan__")
    return _measurement_out(get_object_or_404(queryset, pk=measurement_id))


@router.post("/measurements", response={201: MeasurementOut, **ERRORS}, auth=WRITE_AUTH)
def create_measurement(request, payload: MeasurementIn):
    indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=payload.indicator_id)
    _allow(perm.can_edit_indicator(request.user, indicator))
    _check_breakdown(indicator, payload.disaggregation)
    measurement = Measurement(created_by=request.user, **payload.dict())
    return Status(201, _measurement_out(create_audited(measurement, actor=request.user)))


@router.patch("/measurements/{measurement_id}", response={200: MeasurementOut, **ERRORS}, auth=WRITE_AUTH)
def update_measurement(request, measurement_id: int, payload: MeasurementPatch):
    queryset = _visible(request.user, Measurement.objects.select_related("indicator__action"), "indicator__action__plan__")
    measurement = get_object_or_404(queryset, pk=measurement_id)
    _allow(perm.can_edit_indicator(request.user, measurement.indicator))
    values = payload.dict(exclude_unset=True)
    if values.get("disaggregation") is not None:
        _check_breakdown(measurement.indicator, values["disaggregation"])
    _apply(measurement, values, ("date", "value", "disaggregation", "source"))
    return _measurement_out(_save(measurement, payload.version, request.user))


# Progress updates ----------------------------------------------------------------------------------------------

@router.get("/progress-updates", response=list[ProgressOut], auth=READ_AUTH)
def list_progress(request, action: int | None = None):
    updates = _visible(request.user, ProgressUpdate.objects.select_related("author"), "action__plan__") \
        .prefetch_related("evidence")
    if action is not None:
        updates = updates.filter(action_id=action)
    return [_progress_out(update) for update in updates.order_by("id")]


@router.get("/progress-updates/{update_id}", response={200: ProgressOut, **ERRORS}, auth=READ_AUTH)
def get_progress(request, update_id: int):
    return _progress_out(get_object_or_404(_visible(request.user, ProgressUpdate.objects.all(), "action__plan__"), pk=update_id))


@router.post("/progress-updates", response={201: ProgressOut, **ERRORS}, auth=WRITE_AUTH)
def create_progress(request, payload: ProgressIn):
    action = get_object_or_404(Action, pk=payload.action_id)
    _allow(perm.can_report_progress(request.user, action))
    update = ProgressUpdate(author=request.user, **payload.dict())
    with transaction.atomic():
        create_audited(update, actor=request.user)
        follow_progress_status(action.pk, update.status, actor=request.user)
    return Status(201, _progress_out(update))


@router.patch("/progress-updates/{update_id}", response={200: ProgressOut, **ERRORS}, auth=WRITE_AUTH)
def update_progress(request, update_id: int, payload: ProgressPatch):
    update = get_object_or_404(_visible(request.user, ProgressUpdate.objects.select_related("action"), "action__plan__"),
                               pk=update_id)
    _allow(perm.can_report_progress(request.user, update.action))
    _apply(update, payload.dict(exclude_unset=True), ("date", "narrative", "status"))
    return _progress_out(_save(update, payload.version, request.user))
