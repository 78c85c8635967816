"""Pages for planning, tracking, reviewing and publishing. Every view asks ``aspiration.accounts.permissions``."""

from __future__ import annotations

import secrets
from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aspiration.accounts import permissions as perm
from aspiration.accounts.audit import history as audit_history
from aspiration.accounts.audit import record, snapshot
from aspiration.accounts.forms import AccountForm, InstitutionForm
from aspiration.accounts.models import Institution, User
from aspiration.corpus.models import Recommendation
from aspiration.tracking import analysis
from aspiration.tracking.chain import recommendations_prefetch, with_chain
from aspiration.tracking.evidence import EvidenceRejected
from aspiration.tracking.forms import (
    ActionForm,
    AssessmentForm,
    ClusterForm,
    GenderReviewForm,
    IndicatorForm,
    MeasurementForm,
    ModerationForm,
    PlanForm,
    PlanImportForm,
    ProgressForm,
)
from aspiration.tracking.models import (
    Action,
    Assessment,
    Cluster,
    Evidence,
    GenderLensReview,
    Indicator,
    Plan,
    ProgressUpdate,
)
from aspiration.tracking.picker import parse_ids, picker_context
from aspiration.tracking.plan_xlsx import PlanFileError, export_plan, import_plan
from aspiration.tracking.services import (
    VersionConflict,
    create_audited,
    follow_progress_status,
    store_evidence_file,
    update_versioned,
)
from aspiration.tracking.smart import smart_hints


def _require(request, allowed: bool) -> None:
    """Anonymous visitors are sent to log in; a logged-in user without the right is refused (403)."""
    if allowed:
        return
    if not request.user.is_authenticated:
        raise _LoginRequired
    raise PermissionDenied


class _LoginRequired(Exception):
    pass


def guarded(view):
    """Turns ``_LoginRequired`` into the login redirect."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())
    return wrapper


def _form_page(request, form, title: str, *, back: str, hints=None, multipart: bool = False, status: int = 200):
    return render(request, "tracking/form.html", {"form": form, "title": title, "back": back, "hints": hints or [],
                                                  "multipart": multipart}, status=status)


def _save_versioned(request, form, *, save_m2m=None) -> bool:
    """Save a versioned form; on a conflict, put the message on the form and return False."""
    instance = form.save(commit=False)
    try:
        update_versioned(instance, form.expected(), actor=request.user, save_m2m=save_m2m or form.save_m2m)
    except VersionConflict as conflict:
        form.add_error(None, str(conflict))
        return False
    return True


# Plans ---------------------------------------------------------------------------------------------------------

@guarded
def plan_list(request):
    _require(request, perm.is_staff_reader(request.user))
    open_late = Q(actions__status__in=Action.OPEN_STATUSES, actions__due_date__lt=date.today())
    # Counted in the one query of the list, not once per plan in the template.
    plans = perm.visible_plans(request.user).select_related("state").annotate(
        action_count=Count("actions", distinct=True), overdue_count=Count("actions", filter=open_late, distinct=True))
    return render(request, "tracking/plan_list.html", {
        "plans": plans, "can_manage": perm.can_manage_plan(request.user), "import_form": PlanImportForm()})


@guarded
def plan_create(request):
    _require(request, perm.can_manage_plan(request.user))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.published_at = timezone.now() if plan.published else None
        create_audited(plan, actor=request.user)
        return redirect("tracking:plan_detail", pk=plan.pk)
    return _form_page(request, form, _("New plan"), back="tracking:plans")


@guarded
def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    _require(request, perm.is_staff_reader(request.user))
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


@guarded
def plan_edit(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    _require(request, perm.can_manage_plan(request.user, plan))
    was_published = plan.published
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        if plan.published and not was_published:
            plan.published_at = timezone.now()
        if _save_versioned(request, form):
            messages.success(request, _("Plan saved."))
            return redirect("tracking:plan_detail", pk=plan.pk)
    return _form_page(request, form, _("Edit plan"), back="tracking:plans", status=409 if form.non_field_errors() else 200)


@guarded
def plan_export(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    _require(request, perm.is_staff_reader(request.user))
    record("export", plan, actor=request.user, summary="plan exported to XLSX")
    response = HttpResponse(export_plan(plan),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.state.iso3}-{plan.pk}.xlsx"'
    return response


@guarded
@require_POST
def plan_import(request):
    _require(request, perm.can_manage_plan(request.user))
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


# Clusters ------------------------------------------------------------------------------------------------------

def _picker_form(request, form_class, **kwargs):
    """The form bound to a submission; shown again unsaved after the picker's Search or Remove (no JavaScript);
    on a first visit, ``?recommendation=<id>`` (from "Add to plan" links) is preselected."""
    if request.method == "POST" and "picker" in request.POST:
        return form_class.redisplay(request.POST, **kwargs)
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    form = form_class(**kwargs)
    wanted = request.GET.getlist("recommendation")
    if wanted:
        form.initial["recommendation_ids"] = list(dict.fromkeys(
            form.initial.get("recommendation_ids", []) + [int(pk) for pk in wanted if pk.isdigit()]))
        form.picked()
    if request.GET.get("cluster", "").isdigit() and "cluster" in form.fields:
        form.initial["cluster"] = int(request.GET["cluster"])
    return form


def _already_clustered(plan: Plan, ids) -> list[Cluster]:
    return list(plan.clusters.filter(recommendations__in=ids).distinct())


@guarded
def clusters(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    _require(request, perm.can_manage_plan(request.user, plan))
    form = _picker_form(request, ClusterForm, plan=plan)
    if request.method == "POST" and form.is_bound and form.is_valid():
        taken = _already_clustered(plan, form.cleaned_data["recommendation_ids"]) if "suggestion" in request.POST else []
        if taken:
            # A suggestion accepted twice (double click, back button) must not make a duplicate cluster.
            messages.error(request, _("Not created: these recommendations are already in a cluster (%(clusters)s).")
                           % {"clusters": ", ".join(cluster.title for cluster in taken)})
            return redirect("tracking:clusters", pk=plan.pk)
        cluster = form.save(commit=False)
        cluster.plan = plan
        create_audited(cluster, actor=request.user, save_m2m=form.save_m2m)
        messages.success(request, _("Cluster “%(title)s” created with %(count)d recommendations.") % {
            "title": cluster.title, "count": cluster.recommendations.count()})
        return redirect("tracking:clusters", pk=plan.pk)
    return render(request, "tracking/clusters.html", {
        "plan": plan, "form": form, "clusters": plan.clusters.prefetch_related(recommendations_prefetch()),
        "suggestions": analysis.suggest_clusters(plan)}, status=400 if form.is_bound and form.errors else 200)


@guarded
def cluster_edit(request, pk: int):
    cluster = get_object_or_404(Cluster.objects.select_related("plan__state"), pk=pk)
    _require(request, perm.can_manage_plan(request.user, cluster.plan))
    form = _picker_form(request, ClusterForm, instance=cluster, plan=cluster.plan)
    if form.is_bound and form.is_valid() and _save_versioned(request, form):
        messages.success(request, _("Cluster saved."))
        return redirect("tracking:clusters", pk=cluster.plan_id)
    return _form_page(request, form, _("Edit cluster"), back="tracking:plans",
                      status=409 if form.is_bound and form.non_field_errors() else 200)


@guarded
def picker(request, pk: int):
    """The recommendation picker's fragment (htmx): the chosen ones, minus ``remove``, and the search results."""
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    _require(request, perm.can_pick_recommendations(request.user, plan))
    name = request.GET.get("field", "recommendation_ids")
    if not name.isidentifier():
        raise Http404
    chosen = [pk for pk in parse_ids(request.GET.getlist(name)) if str(pk) != request.GET.get("remove")]
    return render(request, "tracking/_picker.html", picker_context(plan, name, chosen, request.GET))


@guarded
def add_to_plan(request, pk: int):
    """From a recommendation: the plans of its state, each with "New action", "New cluster" and "Add to a cluster"."""
    recommendation = get_object_or_404(Recommendation.objects.select_related("state"), pk=pk)
    _require(request, perm.can_manage_plan(request.user))
    plans = list(Plan.objects.filter(state=recommendation.state).prefetch_related("clusters"))
    if request.method == "POST":
        cluster = get_object_or_404(Cluster.objects.select_related("plan"), pk=request.POST.get("cluster") or 0,
                                    plan__state=recommendation.state)
        before = cluster.version
        cluster.recommendations.add(recommendation)
        update_versioned(cluster, before, actor=request.user, summary=f"recommendation {recommendation.pk} added")
        messages.success(request, _("Added to the cluster “%(title)s”.") % {"title": cluster.title})
        return redirect("tracking:clusters", pk=cluster.plan_id)
    return render(request, "tracking/add_to_plan.html", {"rec": recommendation, "plans": plans})


# People --------------------------------------------------------------------------------------------------------

@guarded
def people(request, pk: int):
    """The plan's institutions and accounts; a coordinator adds both here, without the admin site."""
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    _require(request, perm.can_manage_people(request.user))
    country = plan.state
    may_create_coordinators = perm.can_create_coordinators(request.user)
    institution_form = InstitutionForm(prefix="institution", country=country)
    account_form = AccountForm(prefix="account", country=country, may_create_coordinators=may_create_coordinators)
    new_account = None
    if request.method == "POST" and "add_institution" in request.POST:
        institution_form = InstitutionForm(request.POST, prefix="institution", country=country)
        if institution_form.is_valid():
            institution = create_audited(institution_form.save(commit=False), actor=request.user)
            messages.success(request, _("Institution “%(name)s” added.") % {"name": institution})
            return redirect("tracking:people", pk=plan.pk)
    elif request.method == "POST" and "add_account" in request.POST:
        account_form = AccountForm(request.POST, prefix="account", country=country,
                                   may_create_coordinators=may_create_coordinators)
        if account_form.is_valid():
            new_account = _create_account(account_form.cleaned_data, actor=request.user)
            account_form = AccountForm(prefix="account", country=country, may_create_coordinators=may_create_coordinators)
    institutions = Institution.objects.filter(country=country).annotate(people=Count("members")).order_by("name")
    accounts = User.objects.filter(Q(institution__country=country) | Q(role__in=["coordinator", "admin"])) \
        .select_related("institution").order_by("institution__name", "username")
    response = render(request, "tracking/people.html", {
        "plan": plan, "institutions": institutions, "accounts": accounts, "institution_form": institution_form,
        "account_form": account_form, "new_account": new_account,
    }, status=400 if institution_form.errors or account_form.errors else 200)
    response["Cache-Control"] = "no-store"  # the page may carry a new password
    return response


def _create_account(data: dict, *, actor) -> dict:
    """Create the account; a password the coordinator left empty is generated, and returned to be shown once."""
    password = data["password"] or secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.create_user(
            username=data["username"], password=password, email=data["email"], first_name=data["first_name"],
            last_name=data["last_name"], role=data["role"], institution=data["institution"])
        record("create", user, actor=actor, summary=f"account {user.username} ({user.role})")
    return {"user": user, "password": None if data["password"] else password}


# Actions -------------------------------------------------------------------------------------------------------

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


@guarded
def action_create(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    _require(request, perm.can_manage_plan(request.user, plan))
    form = _picker_form(request, ActionForm, plan=plan)
    if form.is_bound and form.is_valid():
        action = form.save(commit=False)
        action.plan = plan
        create_audited(action, actor=request.user, save_m2m=form.save_m2m)
        return redirect("tracking:action_detail", pk=action.pk)
    return _form_page(request, form, _("New action"), back="tracking:plans", hints=_hints_for(form, None))


@guarded
def action_detail(request, pk: int):
    action = get_object_or_404(with_chain(Action.objects.select_related("cluster")), pk=pk)
    _require(request, perm.is_staff_reader(request.user))
    return render(request, "tracking/action_detail.html", {
        "action": action, "can_edit": perm.can_edit_action(request.user, action),
        "can_review": perm.can_review_gender(request.user, action=action),
        "hints": _hints_for(None, action),
        "updates": action.progress_updates.all(), "indicators": action.indicators.all(),
        "reviews": action.gender_reviews.select_related("reviewer"),
        "assessments": action.assessments.filter(status=Assessment.Moderation.PUBLISHED),
        "recommendations": action.recommendations.all(),
    })


@guarded
def action_edit(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("plan__state"), pk=pk)
    _require(request, perm.can_edit_action(request.user, action))
    form = _picker_form(request, ActionForm, instance=action, plan=action.plan,
                        restricted=not perm.can_manage_plan(request.user, action.plan))
    if form.is_bound and form.is_valid() and _save_versioned(request, form):
        messages.success(request, _("Action saved."))
        return redirect("tracking:action_detail", pk=action.pk)
    return _form_page(request, form, _("Edit action"), back="tracking:my_actions", hints=_hints_for(form, action),
                      status=409 if form.is_bound and form.non_field_errors() else 200)


@guarded
def my_actions(request):
    _require(request, perm.is_focal_point(request.user) or perm.is_coordinator(request.user))
    actions = Action.objects.select_related("plan", "responsible_institution").order_by("due_date", "title")
    if not perm.is_coordinator(request.user):
        actions = actions.filter(responsible_institution_id=request.user.institution_id)
    return render(request, "tracking/my_actions.html", {"actions": actions})


# Progress, indicators, measurements, evidence ------------------------------------------------------------------

@guarded
def progress_create(request, pk: int):
    action = get_object_or_404(Action, pk=pk)
    _require(request, perm.can_report_progress(request.user, action))
    form = ProgressForm(request.POST or None, request.FILES or None, initial={"date": date.today(), "status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                update = form.save(commit=False)
                update.action, update.author = action, request.user
                create_audited(update, actor=request.user)
                public = form.cleaned_data["evidence_public"]
                if form.cleaned_data["evidence_file"]:
                    store_evidence_file(form.cleaned_data["evidence_file"], user=request.user, progress_update=update,
                                        public=public)
                for link in form.cleaned_data["links"]:
                    create_audited(Evidence(progress_update=update, url=link, public=public, uploaded_by=request.user),
                                   actor=request.user)
                follow_progress_status(action.pk, update.status, actor=request.user)
        except EvidenceRejected as error:
            form.add_error("evidence_file", str(error))
        else:
            messages.success(request, _("Progress update saved."))
            return redirect("tracking:action_detail", pk=action.pk)
    return _form_page(request, form, _("Progress update: %(action)s") % {"action": action.title},
                      back="tracking:my_actions", multipart=True, status=400 if form.errors else 200)


@guarded
def indicator_create(request, pk: int):
    action = get_object_or_404(Action, pk=pk)
    _require(request, perm.can_edit_action(request.user, action))
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        indicator.action = action
        create_audited(indicator, actor=request.user)
        return redirect("tracking:action_detail", pk=action.pk)
    return _form_page(request, form, _("New indicator"), back="tracking:my_actions")


@guarded
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=pk)
    _require(request, perm.can_edit_indicator(request.user, indicator))
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid() and _save_versioned(request, form):
        return redirect("tracking:action_detail", pk=indicator.action_id)
    return _form_page(request, form, _("Edit indicator"), back="tracking:my_actions",
                      status=409 if form.is_bound and form.non_field_errors() else 200)


@guarded
def measurement_create(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=pk)
    _require(request, perm.can_edit_indicator(request.user, indicator))
    form = MeasurementForm(request.POST or None, indicator=indicator, initial={"date": date.today()})
    if request.method == "POST" and form.is_valid():
        measurement = form.save(commit=False)
        measurement.indicator, measurement.created_by = indicator, request.user
        measurement.disaggregation = form.cleaned_data["breakdown"]
        create_audited(measurement, actor=request.user)
        return redirect("tracking:action_detail", pk=indicator.action_id)
    return _form_page(request, form, _("New measurement: %(indicator)s") % {"indicator": indicator.name},
                      back="tracking:my_actions")


@guarded
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence, pk=pk)
    _require(request, perm.can_view_evidence(request.user, evidence))
    if not evidence.file:
        raise Http404
    # Public evidence is downloaded anonymously too: the audit then records no actor, only the download.
    actor = request.user if request.user.is_authenticated else None
    record("view", evidence, actor=actor, summary=f"downloaded {evidence.original_name}")
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name or "evidence",
                            content_type=evidence.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Gender lens ---------------------------------------------------------------------------------------------------

@guarded
def gender_review(request, kind: str, pk: int):
    if kind == "action":
        subject = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
        _require(request, perm.can_review_gender(request.user, action=subject))
    elif kind == "plan":
        subject = get_object_or_404(Plan, pk=pk)
        _require(request, perm.can_review_gender(request.user, plan=subject))
    else:
        raise Http404
    form = GenderReviewForm(request.POST or None, initial={"reviewed_on": date.today()})
    if request.method == "POST" and form.is_valid():
        review = form.save(commit=False)
        setattr(review, kind, subject)
        review.reviewer = request.user
        create_audited(review, actor=request.user)
        messages.success(request, _("Gender-lens review saved."))
        plan_pk = subject.plan_id if kind == "action" else subject.pk
        return redirect("tracking:gender_overview", pk=plan_pk)
    return _form_page(request, form, _("Gender-lens review: %(subject)s") % {"subject": subject}, back="tracking:plans")


@guarded
def gender_overview(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    _require(request, perm.is_staff_reader(request.user))
    return render(request, "tracking/gender_overview.html", {
        "plan": plan, "missing": analysis.actions_without_gender_review(plan).select_related("responsible_institution"),
        "findings": analysis.gender_findings(plan), "questions": GenderLensReview.QUESTIONS,
        "can_review_plan": perm.can_review_gender(request.user, plan=plan)})


# History -------------------------------------------------------------------------------------------------------

HISTORY_MODELS = {"plan": Plan, "action": Action, "cluster": Cluster, "indicator": Indicator,
                  "progressupdate": ProgressUpdate, "genderlensreview": GenderLensReview, "assessment": Assessment}


@guarded
def history(request, kind: str, pk: int):
    model = HISTORY_MODELS.get(kind)
    if model is None:
        raise Http404
    _require(request, perm.can_view_history(request.user))
    instance = get_object_or_404(model, pk=pk)
    _require(request, perm.can_view_history(request.user, instance))
    entries = [{"event": event, "changes": changes(event.before, event.after)}
               for event in audit_history(instance).select_related("actor")]
    return render(request, "tracking/history.html", {"instance": instance, "entries": entries})


def changes(before: dict | None, after: dict | None) -> list[tuple[str, object, object]]:
    """The fields whose value differs between two snapshots (all fields of a creation or deletion)."""
    before, after = before or {}, after or {}
    return [(key, before.get(key), after.get(key)) for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key) and key != "version"]


# Assessments (civil society / NHRI) and moderation -------------------------------------------------------------

@guarded
def assessment_create(request):
    _require(request, perm.can_submit_assessment(request.user))
    action = recommendation = None
    if request.GET.get("action", "").isdigit():
        action = get_object_or_404(Action, pk=int(request.GET["action"]), plan__published=True)
    elif request.GET.get("recommendation", "").isdigit():
        recommendation = get_object_or_404(Recommendation, pk=int(request.GET["recommendation"]))
    else:
        raise Http404(_("Choose an action on the portal, or a recommendation, to assess."))
    form = AssessmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                assessment = form.save(commit=False)
                assessment.author, assessment.institution = request.user, request.user.institution
                assessment.action, assessment.recommendation = action, recommendation
                create_audited(assessment, actor=request.user)
                if form.cleaned_data["evidence_file"]:
                    store_evidence_file(form.cleaned_data["evidence_file"], user=request.user, assessment=assessment)
                for link in form.cleaned_data["links"]:
                    create_audited(Evidence(assessment=assessment, url=link, uploaded_by=request.user), actor=request.user)
        except EvidenceRejected as error:
            form.add_error("evidence_file", str(error))
        else:
            messages.success(request, _("Thank you. Your assessment will appear on the portal "
                                        "once a coordinator has reviewed it."))
            return redirect("tracking:my_assessments")
    subject = action.title if action else recommendation.text[:120]
    return _form_page(request, form, _("Assessment: %(subject)s") % {"subject": subject}, back="tracking:portal",
                      multipart=True)


@guarded
def my_assessments(request):
    _require(request, perm.can_submit_assessment(request.user))
    assessments = Assessment.objects.filter(author=request.user).select_related("action", "recommendation")
    return render(request, "tracking/my_assessments.html", {"assessments": assessments})


@guarded
def moderation(request):
    _require(request, perm.can_moderate_assessments(request.user))
    pending = Assessment.objects.filter(status=Assessment.Moderation.PENDING).select_related(
        "action", "recommendation", "institution", "author").prefetch_related("evidence")
    return render(request, "tracking/moderation.html", {"pending": pending, "form": ModerationForm()})


@guarded
@require_POST
def moderate(request, pk: int):
    assessment = get_object_or_404(Assessment, pk=pk)
    _require(request, perm.can_moderate_assessments(request.user))
    form = ModerationForm(request.POST)
    if form.is_valid():
        before = snapshot(assessment)
        assessment.status = form.cleaned_data["decision"]
        assessment.moderation_note = form.cleaned_data["note"]
        assessment.moderated_by, assessment.moderated_at = request.user, timezone.now()
        assessment.save()
        record("moderate", assessment, actor=request.user, summary=assessment.status, before=before, after=snapshot(assessment))
        messages.success(request, _("Assessment %(decision)s.") % {"decision": assessment.get_status_display()})
    return redirect("tracking:moderation")
