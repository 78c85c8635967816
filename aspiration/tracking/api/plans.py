"""Plans: list, read, create, update."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from aspiration.accounts import permissions as perm
from aspiration.api.auth import WRITE_AUTH, allow
from aspiration.reference.models import Country
from aspiration.tracking.api.common import ERRORS, READ_AUTH, ListPage, apply, save, validate
from aspiration.tracking.api.schemas import PlanIn, PlanOut, PlanPatch
from aspiration.tracking.models import Plan
from aspiration.tracking.services import create_audited

router = Router()


@router.get("/plans", response=list[PlanOut], auth=READ_AUTH, summary="List plans (published ones for the public)")
@paginate(ListPage)
def list_plans(request, response: HttpResponse):
    return Plan.objects.visible_to(request.user).select_related("state").order_by("id")


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, auth=READ_AUTH)
def get_plan(request, plan_id: int):
    return get_object_or_404(Plan.objects.visible_to(request.user).select_related("state"), pk=plan_id)


@router.post("/plans", response={201: PlanOut, **ERRORS}, auth=WRITE_AUTH)
def create_plan(request, payload: PlanIn):
    allow(perm.can_manage_plan(request.user))
    state = Country.objects.filter(iso3=payload.state.upper()).first()
    if state is None:
        raise HttpError(400, f"unknown state '{payload.state}'")
    plan = Plan(state=state, created_by=request.user, **payload.dict(exclude={"state"}))
    validate(plan)
    return Status(201, create_audited(plan, actor=request.user))


@router.patch("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, auth=WRITE_AUTH)
def update_plan(request, plan_id: int, payload: PlanPatch):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("state"), pk=plan_id)
    allow(perm.can_manage_plan(request.user, plan))
    apply(plan, payload.dict(), ("title", "description", "period_start", "period_end", "published"))
    return save(plan, payload.version, request.user)
