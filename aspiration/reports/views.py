"""The reports page: pick a kind, a state, a format and a language; a job writes the file; download it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aspiration.accounts import permissions
from aspiration.jobs.models import Job
from aspiration.reports.forms import ReportForm
from aspiration.reports.generate import CONTENT_TYPES
from aspiration.reports.jobs import start_report, stored_file


@permissions.requires(permissions.can_generate_reports)
def index(request):
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            choice = form.cleaned_data
            job = start_report(request.user, kind=choice["kind"], state=choice["state"], fmt=choice["format"],
                               language=choice["language"], early_warning=permissions.is_watch_analyst(request.user))
            return redirect("jobs:detail", pk=job.pk)
    else:
        # A country page links here with ?state=ISO3&kind=...: the form opens with them chosen.
        form = ReportForm(initial={"language": get_language(), "format": "docx",
                                   **{key: request.GET[key] for key in ("state", "kind") if key in request.GET}})
    return render(request, "reports/index.html", {"form": form})


@require_GET
@permissions.requires(permissions.is_signed_in)
def download(request, pk: int):
    job = get_object_or_404(Job.objects.filter(kind=Job.Kind.REPORT, status=Job.Status.DONE), pk=pk)
    if not permissions.can_download_report(request.user, job):
        raise PermissionDenied
    path = stored_file(job.result)
    if path is None:
        raise Http404(_("The report file is no longer kept (reports are removed after a week); generate it again."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result["filename"],
                        content_type=CONTENT_TYPES[job.result["format"]])
