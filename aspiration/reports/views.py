"""The reports page: pick a kind, a state, a format and a language; download the file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from aspiration.accounts import permissions
from aspiration.accounts.audit import record
from aspiration.reports.data import ReportError
from aspiration.reports.forms import ReportForm
from aspiration.reports.generate import generate


@login_required
def index(request):
    if not permissions.can_generate_reports(request.user):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            choice = form.cleaned_data
            try:
                report = generate(choice["kind"], choice["state"], choice["format"], choice["language"],
                                  early_warning=permissions.is_watch_analyst(request.user))
            except ReportError as problem:
                error = str(problem)
            else:
                record("report.generate", object_type="reports.report", object_id=f"{report.kind}:{report.iso3}",
                       summary=f"generated {report.filename}",
                       after={"kind": report.kind, "state": report.iso3, "format": report.format, "language": report.language})
                response = HttpResponse(report.content, content_type=report.content_type)
                response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
                return response
    else:
        form = ReportForm(initial={"language": get_language(), "format": "docx"})
    return render(request, "reports/index.html", {"form": form, "error": error}, status=400 if error else 200)
