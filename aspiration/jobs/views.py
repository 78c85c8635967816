"""A job's page (its progress bar refreshes itself with htmx, then shows the summary), the list, and Retry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aspiration.accounts import permissions as perm
from aspiration.jobs import runner
from aspiration.jobs.models import Job


@perm.requires(perm.is_signed_in)
def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("created_by")[:200]
    return render(request, "jobs/job_list.html", {"jobs": jobs, "show_owner": perm.is_coordinator(request.user)})


@perm.requires(perm.is_signed_in)
def job_detail(request, pk: int):
    job = _visible_job(request, pk)
    context = {"job": job, "summary_template": _summary_template(job),
               "can_retry": job.status == Job.Status.FAILED and job.retryable and perm.can_retry_job(request.user, job)}
    # htmx polls this same page while the job runs and swaps in just the status block.
    template = "jobs/_status.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, context)


@require_POST
@perm.requires(perm.is_signed_in)
def job_retry(request, pk: int):
    job = _visible_job(request, pk)
    if not perm.can_retry_job(request.user, job):
        raise PermissionDenied
    if runner.retry(job):
        messages.success(request, _("The job was queued again."))
    else:
        messages.error(request, _("Only a failed job that may succeed on a second try can be retried."))
    return redirect("jobs:detail", pk=job.pk)


def _visible_job(request, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    if not perm.can_view_job(request.user, job):
        raise PermissionDenied
    return job


def _summary_template(job: Job) -> str:
    """Each kind of job may bring its own summary (``jobs/summary/<kind>.html`` in the app that owns the work)."""
    return select_template([f"jobs/summary/{job.kind}.html", "jobs/summary/default.html"]).template.name
