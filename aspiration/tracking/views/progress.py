"""Progress updates, indicators, measurements and evidence downloads of an action."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from aspiration.accounts import permissions as perm
from aspiration.accounts.audit import record
from aspiration.tracking.evidence import EvidenceRejected
from aspiration.tracking.forms import IndicatorForm, MeasurementForm, ProgressForm
from aspiration.tracking.models import Action, Evidence, Indicator
from aspiration.tracking.services import create_audited, follow_progress_status, store_evidence_file
from aspiration.tracking.views.common import form_page, save_versioned


@perm.requires()
def progress_create(request, pk: int):
    action = get_object_or_404(Action, pk=pk)
    perm.require(request, perm.can_report_progress(request.user, action))
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
    return form_page(request, form, _("Progress update: %(action)s") % {"action": action.title},
                      back="tracking:my_actions", multipart=True, status=400 if form.errors else 200)


@perm.requires()
def indicator_create(request, pk: int):
    action = get_object_or_404(Action, pk=pk)
    perm.require(request, perm.can_edit_action(request.user, action))
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        indicator.action = action
        create_audited(indicator, actor=request.user)
        return redirect("tracking:action_detail", pk=action.pk)
    return form_page(request, form, _("New indicator"), back="tracking:my_actions")


@perm.requires()
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=pk)
    perm.require(request, perm.can_edit_indicator(request.user, indicator))
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid() and save_versioned(request, form):
        return redirect("tracking:action_detail", pk=indicator.action_id)
    return form_page(request, form, _("Edit indicator"), back="tracking:my_actions")


@perm.requires()
def measurement_create(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=pk)
    perm.require(request, perm.can_edit_indicator(request.user, indicator))
    form = MeasurementForm(request.POST or None, indicator=indicator, initial={"date": date.today()})
    if request.method == "POST" and form.is_valid():
        measurement = form.save(commit=False)
        measurement.indicator, measurement.created_by = indicator, request.user
        measurement.disaggregation = form.cleaned_data["breakdown"]
        create_audited(measurement, actor=request.user)
        return redirect("tracking:action_detail", pk=indicator.action_id)
    return form_page(request, form, _("New measurement: %(indicator)s") % {"indicator": indicator.name},
                      back="tracking:my_actions")


@perm.requires()
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence, pk=pk)
    perm.require(request, perm.can_view_evidence(request.user, evidence))
    if not evidence.file:
        raise Http404
    # Public evidence is downloaded anonymously too: the audit then records no actor, only the download.
    actor = request.user if request.user.is_authenticated else None
    record("view", evidence, actor=actor, summary=f"downloaded {evidence.original_name}")
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name or "evidence",
                            content_type=evidence.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
