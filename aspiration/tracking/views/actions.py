"""Actions of a plan, and the focal point's own list."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aspiration.accounts import permissions as perm
from aspiration.tracking.chain import with_chain
from aspiration.tracking.forms import ActionForm
from aspiration.tracking.models import Action, Assessment, Plan
from aspiration.tracking.services import create_audited
from aspiration.tracking.smart import smart_hints
from aspiration.tracking.views.common import form_page, picker_form, save_versioned


def _hints_for(form: ActionForm | None, action: Action | None) -> list:
    """SMART hints on what the user submitted, or else on the stored action."""
    data = getattr(form, "cleaned_data", None) or {}
    if not data and action is None:
        return []

    def value(name: str):
        return data[name] if name in data else getattr(action, name, None)

    responsible = data.get("responsible_institution") or getattr(action, "responsible_institution_id", None)
    return smart_hints(value("title") or "", value("description") or "", responsible=bool(responsible),
                       start_date=value("start_date"), due_date=value("due_date"),
                       indicator_count=action.indicators.count() if action is not None and action.pk else None)


@perm.requires()
def action_create(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    perm.require(request, perm.can_manage_plan(request.user, plan))
    form = picker_form(request, ActionForm, plan=plan)
    if form.is_bound and form.is_valid():
        action = form.save(commit=False)
        action.plan = plan
        create_audited(action, actor=request.user, save_m2m=form.save_m2m)
        return redirect("tracking:action_detail", pk=action.pk)
    return form_page(request, form, _("New action"), back="tracking:plans", hints=_hints_for(form, None))


@perm.requires()
def action_detail(request, pk: int):
    action = get_object_or_404(with_chain(Action.objects.select_related("cluster")), pk=pk)
    perm.require(request, perm.is_staff_reader(request.user))
    return render(request, "tracking/action_detail.html", {
        "action": action, "can_edit": perm.can_edit_action(request.user, action),
        "can_review": perm.can_review_gender(request.user, action=action),
        "hints": _hints_for(None, action),
        "updates": action.progress_updates.all(), "indicators": action.indicators.all(),
        "reviews": action.gender_reviews.select_related("reviewer"),
        "assessments": action.assessments.filter(status=Assessment.Moderation.PUBLISHED),
        "recommendations": action.recommendations.all(),
    })


@perm.requires()
def action_edit(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("plan__state"), pk=pk)
    perm.require(request, perm.can_edit_action(request.user, action))
    form = picker_form(request, ActionForm, instance=action, plan=action.plan,
                        restricted=not perm.can_manage_plan(request.user, action.plan))
    if form.is_bound and form.is_valid() and save_versioned(request, form):
        messages.success(request, _("Action saved."))
        return redirect("tracking:action_detail", pk=action.pk)
    return form_page(request, form, _("Edit action"), back="tracking:my_actions", hints=_hints_for(form, action))


@perm.requires()
def my_actions(request):
    perm.require(request, perm.is_focal_point(request.user) or perm.is_coordinator(request.user))
    actions = Action.objects.select_related("plan", "responsible_institution").order_by("due_date", "title")
    if not perm.is_coordinator(request.user):
        actions = actions.filter(responsible_institution_id=request.user.institution_id)
    return render(request, "tracking/my_actions.html", {"actions": actions})
