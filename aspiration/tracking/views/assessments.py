"""Assessments by civil society and NHRIs, and their moderation by a coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aspiration.accounts import permissions as perm
from aspiration.accounts.audit import record, snapshot
from aspiration.corpus.models import Recommendation
from aspiration.tracking.evidence import EvidenceRejected
from aspiration.tracking.forms import AssessmentForm, ModerationForm
from aspiration.tracking.models import Action, Assessment, Evidence, Plan
from aspiration.tracking.services import create_audited, store_evidence_file
from aspiration.tracking.views.common import form_page


@perm.requires()
def assessment_create(request):
    perm.require(request, perm.can_submit_assessment(request.user))
    action = recommendation = None
    if request.GET.get("action", "").isdigit():
        action = get_object_or_404(Action, pk=int(request.GET["action"]), plan__published=True)
    elif request.GET.get("recommendation", "").isdigit():
        recommendation = get_object_or_404(Recommendation, pk=int(request.GET["recommendation"]))
    else:  # opened from a bookmark or the back button: choose an action here rather than meet a 404
        return _choose_subject(request)
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
    return form_page(request, form, _("Assessment: %(subject)s") % {"subject": subject}, back="tracking:portal",
                      multipart=True)


def _choose_subject(request):
    """The actions of the published plans, per plan, each with its "Submit an assessment" link."""
    actions = (Action.objects.filter(plan__published=True).exclude(status=Action.Status.CANCELLED)
               .select_related("plan__state", "responsible_institution").order_by("plan__state__iso3", "plan_id", "pk"))
    plans: dict[int, tuple[Plan, list[Action]]] = {}
    for action in actions:
        plans.setdefault(action.plan_id, (action.plan, []))[1].append(action)
    return render(request, "tracking/assessment_choose.html", {"plans": list(plans.values())})


@perm.requires()
def my_assessments(request):
    perm.require(request, perm.can_submit_assessment(request.user))
    assessments = Assessment.objects.filter(author=request.user).select_related("action", "recommendation")
    return render(request, "tracking/my_assessments.html", {"assessments": assessments})


@perm.requires()
def moderation(request):
    perm.require(request, perm.can_moderate_assessments(request.user))
    pending = Assessment.objects.filter(status=Assessment.Moderation.PENDING).select_related(
        "action", "recommendation", "institution", "author").prefetch_related("evidence")
    return render(request, "tracking/moderation.html", {"pending": pending, "form": ModerationForm()})


@perm.requires()
@require_POST
def moderate(request, pk: int):
    assessment = get_object_or_404(Assessment, pk=pk)
    perm.require(request, perm.can_moderate_assessments(request.user))
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
