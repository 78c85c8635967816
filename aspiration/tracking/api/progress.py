"""Progress updates of actions: list, read, create, update. A new update moves its action to its status."""

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from aspiration.accounts import permissions as perm
from aspiration.api.auth import WRITE_AUTH, allow
from aspiration.tracking.api.common import ERRORS, READ_AUTH, ListPage, apply, save, validate, visible
from aspiration.tracking.api.schemas import ProgressIn, ProgressOut, ProgressPatch
from aspiration.tracking.models import Action, ProgressUpdate
from aspiration.tracking.services import create_audited, follow_progress_status

router = Router()


def _readable(request):
    updates = ProgressUpdate.objects.select_related("author").prefetch_related("evidence")
    return visible(request.user, updates, "action__plan__")


@router.get("/progress-updates", response=list[ProgressOut], auth=READ_AUTH)
@paginate(ListPage)
def list_progress(request, response: HttpResponse, action: int | None = None):
    updates = _readable(request)
    if action is not None:
        updates = updates.filter(action_id=action)
    return updates.order_by("id")


@router.get("/progress-updates/{update_id}", response={200: ProgressOut, **ERRORS}, auth=READ_AUTH)
def get_progress(request, update_id: int):
    return get_object_or_404(_readable(request), pk=update_id)


@router.post("/progress-updates", response={201: ProgressOut, **ERRORS}, auth=WRITE_AUTH)
def create_progress(request, payload: ProgressIn):
    action = get_object_or_404(Action, pk=payload.action_id)
    allow(perm.can_report_progress(request.user, action))
    update = ProgressUpdate(author=request.user, **payload.dict())
    validate(update)
    with transaction.atomic():
        create_audited(update, actor=request.user)
        follow_progress_status(action.pk, update.status, actor=request.user)
    return Status(201, update)


@router.patch("/progress-updates/{update_id}", response={200: ProgressOut, **ERRORS}, auth=WRITE_AUTH)
def update_progress(request, update_id: int, payload: ProgressPatch):
    queryset = visible(request.user, ProgressUpdate.objects.select_related("action", "author"), "action__plan__")
    update = get_object_or_404(queryset, pk=update_id)
    allow(perm.can_report_progress(request.user, update.action))
    apply(update, payload.dict(exclude_unset=True), ("date", "narrative", "status"))
    return save(update, payload.version, request.user)
