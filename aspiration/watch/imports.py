"""Feed files imported on the watch desk as a background job: what ``aspiration watch import`` does
(``services.import_file``), then what ``aspiration watch run`` does (score the new items, update signals)."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.audit import record
from aspiration.jobs import runner
from aspiration.jobs.runner import Refused, job_task
from aspiration.jobs.uploads import discard
from aspiration.watch.models import Feed
from aspiration.watch.parsing import READERS, ParseError
from aspiration.watch.services import import_file, score_pending, update_signals
from aspiration.watch.wording import say

READING = gettext_noop("Reading the feed file")
SCORING = gettext_noop("Scoring the new items")
SIGNALS = gettext_noop("Updating signals and alerts")


class FeedUploadForm(forms.Form):
    file = forms.FileField(label=_("Feed file (CSV, JSON Lines, RSS or Atom)"))
    feed = forms.CharField(label=_("Feed name"), max_length=100, initial="default",
                           help_text=_("Items are grouped by feed; a new name makes a new feed."))
    country = forms.CharField(label=_("Country of rows that name none"), max_length=100, required=False)
    language = forms.CharField(label=_("Language of rows that name none"), max_length=10, required=False)
    source = forms.CharField(label=_("Source of rows that name none"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("This file is larger than %(limit)s MB; split it into smaller files.")
                                        % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
        if Path(upload.name).suffix.lower() not in READERS:
            raise forms.ValidationError(_("Feed files end in %(suffixes)s.") % {"suffixes": ", ".join(sorted(READERS))})
        return upload


class _Bar:
    """The ``progress`` object ``services.import_file`` expects (tqdm's ``update``), feeding the job's progress."""

    @staticmethod
    def update(count: int) -> None:
        runner.advance(count)


def start_feed_import(user, path: Path, feed: str, defaults: dict[str, str]):
    return runner.start(import_feed, kind="feed_import", title=path.name,  # the kind is shown in the reader's language
                        user=user, path=str(path), feed=feed, defaults=defaults)


@job_task
def import_feed(job, *, path: str, feed: str, defaults: dict) -> dict:
    source = Path(path)
    if not source.exists():
        raise Refused(gettext("The uploaded file is no longer kept; upload it again."))
    feed_row, _created = Feed.objects.get_or_create(name=feed)
    runner.progress(0, None, READING)
    try:
        summary = import_file(source, feed_row, defaults, progress=_Bar())
    except (ParseError, OSError) as error:
        discard(source)
        reason = say(error.reason) if isinstance(error, ParseError) else str(error)
        raise Refused(gettext("%(file)s: %(reason)s; nothing was imported") % {"file": source.name, "reason": reason}) from None
    record("import", feed_row, actor=job.created_by, summary=f"{source.name}: {summary.line()}")
    scored, flagged = score_pending(total=lambda count: runner.progress(0, count, SCORING), advance=runner.advance)
    runner.progress(scored, message=SIGNALS)
    alerts = update_signals()
    discard(source)
    return {"file": source.name, "feed": feed, "read": summary.read, "created": summary.created,
            "duplicates": summary.duplicates, "expired": summary.expired,
            "rejected": len(summary.errors), "errors": [say(error) for error in summary.errors[:50]],
            "unknown_countries": sorted(summary.unknown_countries), "scored": scored, "flagged": flagged,
            "alerts": alerts}


def feed_import_page(request):
    """The upload form on the watch desk (watch analysts only); the import then runs as a job."""
    from django.shortcuts import redirect, render

    from aspiration.jobs.uploads import store_upload

    form = FeedUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _token, path = store_upload(form.cleaned_data["file"])
        defaults = {key: form.cleaned_data[key].strip() for key in ("country", "language", "source")}
        job = start_feed_import(request.user, path, form.cleaned_data["feed"].strip() or "default", defaults)
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "watch/import.html", {"form": form})
