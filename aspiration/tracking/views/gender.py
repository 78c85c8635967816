"""Gender-lens reviews of actions and plans."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aspiration.accounts import permissions as perm
from aspiration.tracking import analysis
from aspiration.tracking.forms import GenderReviewForm
from aspiration.tracking.models import Action, GenderLensReview, Plan
from aspiration.tracking.services import create_audited
from aspiration.tracking.views.common import form_page


@perm.requires()
def gender_review(request, kind: str, pk: int):
    if kind == "action":
        subject = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
        perm.require(request, perm.can_review_gender(request.user, action=subject))
    elif kind == "plan":
        subject = get_object_or_404(Plan, pk=pk)
        perm.require(request, perm.can_review_gender(request.user, plan=subject))
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
    return form_page(request, form, _("Gender-lens review: %(subject)s") % {"subject": subject}, back="tracking:plans")


@perm.requires()
def gender_overview(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    perm.require(request, perm.is_staff_reader(request.user))
    return render(request, "tracking/gender_overview.html", {
        "plan": plan, "missing": analysis.actions_without_gender_review(plan).select_related("responsible_institution"),
        "findings": analysis.gender_findings(plan), "questions": GenderLensReview.QUESTIONS,
        "can_review_plan": perm.can_review_gender(request.user, plan=plan)})
