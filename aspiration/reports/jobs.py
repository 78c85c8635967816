"""Reports are written by a background job: the page queues it, the job page follows it and offers the file.

The finished file waits under the home, in a private folder with a random name (folders 0700, file 0600),
until a report job more than a week later removes it; ``views.download`` hands it out after checking who asks.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from aspiration.accounts.audit import record
from aspiration.home import home
from aspiration.jobs import runner
from aspiration.jobs.runner import Refused, job_task
from aspiration.reference.models import Country
from aspiration.reports.data import ReportError
from aspiration.reports.forms import kind_choices
from aspiration.reports.generate import STEPS, generate

# Step names, stored in English and translated where they are shown.
COLLECTING = gettext_noop("Collecting the data")
DRAWING = gettext_noop("Drawing the charts")
WRITING = gettext_noop("Writing the document")

TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP_SECONDS = 7 * 24 * 3600


def reports_dir() -> Path:
    """Where finished reports wait to be downloaded (a setting, so tests can isolate it)."""
    configured = getattr(settings, "REPORT_FILES_DIR", None)
    path = Path(configured) if configured else home() / "reports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store(filename: str, content: bytes) -> str:
    """Write a report under a new random folder, readable by this account only; returns the folder's token."""
    token = secrets.token_hex(16)
    folder = reports_dir() / token
    folder.mkdir(mode=0o700)
    descriptor = os.open(folder / filename, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    return token


def stored_file(result: dict) -> Path | None:
    """The file a finished report job wrote, None when its token is not one or the file was removed."""
    token, filename = result.get("token", ""), result.get("filename", "")
    if not TOKEN.match(token) or not filename or Path(filename).name != filename:
        return None
    path = reports_dir() / token / filename
    return path if path.is_file() else None


def remove_stale(now: float | None = None) -> int:
    """Remove the reports written more than a week ago; returns how many folders went."""
    limit = (now or time.time()) - KEEP_SECONDS
    removed = 0
    for folder in reports_dir().iterdir():
        if TOKEN.match(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def kind_name(kind: str) -> str:
    return str(dict(kind_choices()).get(kind, kind))


def start_report(user, *, kind: str, state: str, fmt: str, language: str, early_warning: bool):
    """Queue a report for ``user``; ``early_warning`` (watch analysts only) adds a briefing's early-warning section."""
    country = Country.objects.filter(iso3=state).first()
    title = gettext("%(report)s: %(state)s") % {"report": kind_name(kind), "state": country.name if country else state}
    return runner.start(generate_report, kind="report", title=title, user=user, report_kind=kind, state=state, fmt=fmt,
                        language=language, early_warning=early_warning, ui_language=translation.get_language() or "en")


@job_task
def generate_report(job, *, report_kind: str, state: str, fmt: str, language: str, early_warning: bool,
                    ui_language: str = "en") -> dict:
    remove_stale()
    messages = (COLLECTING, DRAWING, WRITING)
    try:
        report = generate(report_kind, state, fmt, language, early_warning=early_warning,
                          step=lambda n: runner.progress(n, STEPS, messages[n]))
    except ReportError as error:
        with translation.override(ui_language):
            raise Refused(plain_reason(error, state)) from None
    token = store(report.filename, report.content)
    runner.progress(STEPS, STEPS)
    record("report.generate", actor=job.created_by, object_type="reports.report", object_id=f"{report.kind}:{report.iso3}",
           summary=f"generated {report.filename}",
           after={"kind": report.kind, "state": report.iso3, "format": report.format, "language": report.language})
    country = Country.objects.filter(iso3=report.iso3).first()
    return {"token": token, "filename": report.filename, "report_kind": report.kind, "format": report.format,
            "language": report.language, "state_names": country.names if country else {"en": report.iso3},
            "recommendations": report.recommendations, "tables": len(report.document.tables()),
            "charts": len(report.document.charts()), "size_kb": max(1, len(report.content) // 1024),
            "early_warning": bool(early_warning and report_kind == "country-briefing")}


def plain_reason(error: ReportError, iso3: str) -> str:
    """The builder's reason with the state named as people know it, and without command-line hints."""
    country = Country.objects.filter(iso3=iso3).first()
    reason = str(error).split(": import some first")[0]
    if country is not None:
        reason = reason.replace(country.iso3, country.name)
    else:
        reason = gettext("this state is not in the reference data")
    return gettext("The report could not be written: %(reason)s.") % {"reason": reason}

