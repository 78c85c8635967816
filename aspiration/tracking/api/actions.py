"""Actions: list, read, create, update, with their institutions, recommendations and labels."""

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from aspiration.accounts import permissions as perm
from aspiration.api.auth import WRITE_AUTH, allow
from aspiration.tracking.api.common import ERRORS, READ_AUTH, ListPage, apply, checked, save, validate, visible
from aspiration.tracking.api.schemas import ActionIn, ActionOut, ActionPatch
from aspiration.tracking.models import Action, Plan
from aspiration.tracking.services import create_audited
from aspiration.tracking.validation import (
    cluster_of,
    labels_with_codes,
    recommendations_of_state,
    responsible_institution,
    supporting_institutions,
)

router = Router()

ACTION_PREFETCH = ("supporting_institutions", "recommendations", "sdg_targets", "sdg_indicators", "cta_areas")
LABEL_FIELDS = (("sdg_targets", "sdg_target"), ("sdg_indicators", "sdg_indicator"), ("cta_areas", "cta_area"))


def _readable(request):
    return visible(request.user, Action.objects.all(), "plan__").prefetch_related(*ACTION_PREFETCH)


@router.get("/actions", response=list[ActionOut], auth=READ_AUTH, summary="List actions, optionally of one plan")
@paginate(ListPage)
def list_actions(request, response: HttpResponse, plan: int | None = None, status: str | None = None):
    actions = _readable(request)
    if plan is not None:
        actions = actions.filter(plan_id=plan)
    if status:
        actions = actions.filter(status=status)
    return actions.order_by("id")


@router.get("/actions/{action_id}", response={200: ActionOut, **ERRORS}, auth=READ_AUTH)
def get_action(request, action_id: int):
    return get_object_or_404(_readable(request), pk=action_id)


def _m2m_writer(action: Action, values: dict):
    """Check every linked id and code first (a 400 before anything is saved), then return the writer."""
    links = {}
    if values.get("supporting_institution_ids") is not None:
        links["supporting_institutions"] = checked(supporting_institutions, action.plan,
                                                   values["supporting_institution_ids"])
    if values.get("recommendation_ids") is not None:
        links["recommendations"] = checked(recommendations_of_state, values["recommendation_ids"], action.plan.state_id)
    for name, taxonomy in LABEL_FIELDS:
        if values.get(name) is not None:
            links[name] = checked(labels_with_codes, taxonomy, values[name])

    def write() -> None:
        for name, items in links.items():
            getattr(action, name).set(items)
    return write


@router.post("/actions", response={201: ActionOut, **ERRORS}, auth=WRITE_AUTH)
def create_action(request, payload: ActionIn):
    plan = get_object_or_404(Plan, pk=payload.plan_id)
    allow(perm.can_manage_plan(request.user, plan))
    checked(cluster_of, plan, payload.cluster_id)
    checked(responsible_institution, plan, payload.responsible_institution_id)
    action = Action(plan=plan, title=payload.title, description=payload.description, cluster_id=payload.cluster_id,
                    responsible_institution_id=payload.responsible_institution_id, start_date=payload.start_date,
                    due_date=payload.due_date, status=payload.status)
    validate(action)
    write_links = _m2m_writer(action, payload.dict())
    with transaction.atomic():
        create_audited(action, actor=request.user, save_m2m=write_links)
    return Status(201, action)


@router.patch("/actions/{action_id}", response={200: ActionOut, **ERRORS}, auth=WRITE_AUTH)
def update_action(request, action_id: int, payload: ActionPatch):
    action = get_object_or_404(visible(request.user, Action.objects.select_related("plan"), "plan__"), pk=action_id)
    allow(perm.can_edit_action(request.user, action))
    values = payload.dict(exclude_unset=True)
    if not perm.can_manage_plan(request.user, action.plan):
        # A focal point cannot hand the action to another institution or move it between clusters.
        allow(values.get("responsible_institution_id", action.responsible_institution_id) == action.responsible_institution_id
              and values.get("cluster_id", action.cluster_id) == action.cluster_id)
    if "cluster_id" in values:
        action.cluster_id = getattr(checked(cluster_of, action.plan, values["cluster_id"]), "pk", None)
    if values.get("responsible_institution_id") is not None:  # the form's choices, checked before any save
        checked(responsible_institution, action.plan, values["responsible_institution_id"],
                action.responsible_institution_id)
    apply(action, values, ("title", "description", "responsible_institution_id", "start_date", "due_date", "status"))
    write_links = _m2m_writer(action, values)
    with transaction.atomic():
        save(action, payload.version, request.user, save_m2m=write_links)
    return get_object_or_404(_readable(request), pk=action.pk)
