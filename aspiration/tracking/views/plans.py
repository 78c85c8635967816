"""Plan pages: list, create, detail, edit, and the XLSX round trip."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aspiration.accounts import permissions as perm
from aspiration.accounts.audit import record
from aspiration.tracking import analysis
from aspiration.tracking.chain import with_chain
from aspiration.tracking.forms import PlanForm, PlanImportForm
from aspiration.tracking.models import Action, Plan
from aspiration.tracking.plan_xlsx import COLUMNS, PlanFileError, export_plan, import_plan
from aspiration.tracking.services import create_audited
from aspiration.tracking.views.common import form_page, save_versioned


@perm.requires()
def plan_list(request):
    perm.require(request, perm.is_staff_reader(request.user))
    open_late = Q(actions__status__in=Action.OPEN_STATUSES, actions__due_date__lt=date.today())
    # Counted in the one query of the list, not once per plan in the template.
    plans = Plan.objects.visible_to(request.user).select_related("state").annotate(
        action_count=Count("actions", distinct=True), overdue_count=Count("actions", filter=open_late, distinct=True))
    return render(request, "tracking/plan_list.html", {
        "plans": plans, "can_manage": perm.can_manage_plan(request.user), "import_form": PlanImportForm(),
        "import_columns": COLUMNS})


@perm.requires()
def plan_create(request):
    perm.require(request, perm.can_manage_plan(request.user))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.published_at = timezone.now() if plan.published else None
        create_audited(plan, actor=request.user)
        return redirect("tracking:plan_detail", pk=plan.pk)
    return form_page(request, form, _("New plan"), back="tracking:plans")


@perm.requires()
def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    perm.require(request, perm.is_staff_reader(request.user))
    today = date.today()
    actions = with_chain(plan.actions.select_related("cluster")).order_by("due_date", "title")
    return render(request, "tracking/plan_detail.html", {
        "plan": plan, "actions": actions,
        "coverage": analysis.coverage(plan),
        "overdue": analysis.overdue_actions(plan, today), "upcoming": analysis.upcoming_actions(plan, today),
        "unaddressed": analysis.supported_without_action(plan).select_related("document")[:50],
        "unaddressed_count": analysis.supported_without_action(plan).count(),
        "can_manage": perm.can_manage_plan(request.user, plan),
        "dimension_titles": {"sdg_goal": _("By SDG goal"), "cta_area": _("By Call to Action area"),
                             "affected_group": _("By affected group")},
    })


@perm.requires()
def plan_edit(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    perm.require(request, perm.can_manage_plan(request.user, plan))
    was_published = plan.published
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        if plan.published and not was_published:
            plan.published_at = timezone.now()
        if save_versioned(request, form):
            messages.success(request, _("Plan saved."))
            return redirect("tracking:plan_detail", pk=plan.pk)
    return form_page(request, form, _("Edit plan"), back="tracking:plans")


@perm.requires()
def plan_export(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    perm.require(request, perm.is_staff_reader(request.user))
    record("export", plan, actor=request.user, summary="plan exported to XLSX")
    response = HttpResponse(export_plan(plan),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.state.iso3}-{plan.pk}.xlsx"'
    return response


@perm.requires()
@require_POST
def plan_import(request):
    perm.require(request, perm.can_manage_plan(request.user))
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a state and an XLSX file."))
        return redirect("tracking:plans")
    try:
        result = import_plan(form.cleaned_data["file"].read(), form.cleaned_data["state"].iso3, actor=request.user,
                             create_institutions=form.cleaned_data["create_institutions"])
    except PlanFileError as error:
        messages.error(request, _("The file was not imported: %(reason)s") % {"reason": error})
        return redirect("tracking:plans")
    messages.success(request, _("%(created)d actions imported, %(rejected)d rows rejected.") % {
        "created": result.created, "rejected": len(result.rejected)})
    for number, reason in result.rejected[:50]:
        messages.warning(request, _("Row %(row)d rejected: %(reason)s") % {"row": number, "reason": reason})
    return redirect("tracking:plan_detail", pk=result.plan.pk)
