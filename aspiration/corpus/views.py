"""The import pages: upload a file, say what the file does not (a matrix's state, a table's columns), then
follow the import as a job. Coordinators and administrators only (``permissions.can_import``)."""

from __future__ import annotations

from itertools import islice

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from aspiration.accounts import permissions as perm
from aspiration.corpus.forms import ColumnsForm, StateForm, UploadForm, megabytes
from aspiration.corpus.importers import MalformedFile
from aspiration.corpus.importers.ohchr_matrix import stated_review
from aspiration.corpus.importers.tabular import table_rows
from aspiration.corpus.imports import rejected_csv, start_import
from aspiration.corpus.models import ImportBatch
from aspiration.corpus.services import ensure_reference_data
from aspiration.jobs.models import Job
from aspiration.jobs.uploads import discard, store_upload, upload_path

PENDING = "pending_imports"  # session key: {token: format} of uploads waiting for a person's answer
PREVIEW_ROWS = 5


importers_only = perm.requires(perm.can_import)


@csrf_exempt  # checked by _upload, after the upload handlers are chosen (the CSRF check reads the body)
def upload(request):
    too_large = request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > settings.IMPORT_MAX_BYTES + (1 << 20)
    if too_large:
        request.upload_handlers = []  # a far too large file is read and dropped, never spooled to disk
    return _upload(request, too_large)


@csrf_protect
@importers_only
def _upload(request, too_large: bool):
    ensure_reference_data()
    if too_large:
        message = _("The file is larger than %(limit)s MB, the most that can be imported at once. Split it into "
                    "smaller files.") % {"limit": megabytes(settings.IMPORT_MAX_BYTES)}
        return _upload_page(request, UploadForm(), file_error=message)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["format"]
        token, path = store_upload(form.cleaned_data["file"])
        if fmt == "table":
            return _wait_for_answer(request, token, fmt, "corpus:columns")
        if fmt == "ohchr-matrix":
            try:
                stated = stated_review(path)
            except MalformedFile as error:
                discard(path)
                form.add_error("file", str(error).replace(str(path), path.name))
                return _upload_page(request, form)
            if stated is None:
                return _wait_for_answer(request, token, fmt, "corpus:state")
        return redirect("jobs:detail", pk=start_import(request.user, fmt, path).pk)
    return _upload_page(request, form)


def _upload_page(request, form, file_error: str = ""):
    recent = Job.objects.visible_to(request.user).filter(kind=Job.Kind.IMPORT).select_related("created_by")[:10]
    return render(request, "corpus/import_upload.html", {"form": form, "recent": recent, "file_error": file_error})


def _wait_for_answer(request, token: str, fmt: str, step: str):
    pending = request.session.get(PENDING, {})
    pending[token] = fmt
    request.session[PENDING] = pending
    return redirect(step, token=token)


def _pending(request, token: str, fmt: str):
    """The stored file of an upload this person made and has not finished; 404 otherwise."""
    path = upload_path(token)
    if request.session.get(PENDING, {}).get(token) != fmt or path is None:
        raise Http404(_("This upload is no longer waiting; upload the file again."))
    return path


def _started(request, token: str, fmt: str, path, options: dict):
    pending = request.session.get(PENDING, {})
    pending.pop(token, None)
    request.session[PENDING] = pending
    return redirect("jobs:detail", pk=start_import(request.user, fmt, path, options).pk)


@importers_only
def state(request, token: str):
    """An OHCHR matrix that does not say whose review it is: the person chooses the state."""
    path = _pending(request, token, "ohchr-matrix")
    form = StateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        options = {"state": form.cleaned_data["state"]}
        if form.cleaned_data["session"]:
            options["session"] = form.cleaned_data["session"]
        return _started(request, token, "ohchr-matrix", path, options)
    return render(request, "corpus/import_state.html", {"form": form, "file_name": path.name})


@importers_only
def columns(request, token: str):
    """A table: the person says which of the file's columns holds what, with the first rows in view."""
    path = _pending(request, token, "table")
    try:
        headers, rows = table_rows(path)
        preview = [[row.get(h, "") for h in headers] for _number, row in islice(rows, PREVIEW_ROWS)]
    except MalformedFile as error:
        discard(path)
        return _upload_page(request, UploadForm(), file_error=str(error).replace(str(path), path.name))
    form = ColumnsForm(headers, request.POST or None)
    if request.method == "POST" and form.is_valid():
        options = {"mapping": form.mapping(), "mechanism": form.cleaned_data["mechanism"],
                   "language": form.cleaned_data["language"]}
        return _started(request, token, "table", path, options)
    return render(request, "corpus/import_columns.html", {"form": form, "file_name": path.name, "headers": headers,
                                                          "preview": preview})


@importers_only
def rejected_rows(request, pk: int):
    batch = get_object_or_404(ImportBatch, pk=pk)
    response = HttpResponse(rejected_csv(batch), content_type="text/csv; charset=utf-8")
    name = batch.file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "import"
    response["Content-Disposition"] = content_disposition_header(True, f"rejected-rows-{name}.csv")
    return response
