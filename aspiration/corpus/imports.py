"""Imports run as background jobs: the uploaded file, the job that imports it, then labelling and indexing.

The importing itself is ``services.import_file`` (the one importer); this module runs it on an upload
(stored by ``aspiration.jobs.uploads``) with the follow-up steps and progress (a job's bar in the browser, tqdm on the
command line), and writes the rejected rows as a CSV file a spreadsheet opens safely.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from aspiration.corpus.models import ImportBatch, Recommendation
from aspiration.corpus.services import ImportError_, ImportSummary, ensure_reference_data, import_file
from aspiration.jobs import runner
from aspiration.jobs.runner import Refused, job_task
from aspiration.jobs.uploads import discard
from aspiration.safe_cells import csv_bytes

FORMATS = {
    "upr-info": _("UPR Info database export (CSV)"),
    "uhri": _("Universal Human Rights Index export (JSON or XLSX)"),
    "ohchr-matrix": _("OHCHR thematic list of recommendations (Word matrix)"),
    "table": _("Any other table (CSV or XLSX): you say which column holds what"),
}
SUFFIXES = {"upr-info": (".csv",), "uhri": (".json", ".xlsx"), "ohchr-matrix": (".docx",), "table": (".csv", ".xlsx", ".xlsm")}

# Step names, stored in English and translated where they are shown.
READING = gettext_noop("Reading the file")
STORING = gettext_noop("Storing the recommendations")
LABELLING = gettext_noop("Labelling the new recommendations")
INDEXING = gettext_noop("Indexing for search")
VECTORS = gettext_noop("Computing the meaning of the new texts for search")
CLUSTERS = gettext_noop("Grouping near-duplicate recommendations")


class Steps(Protocol):
    """Where progress goes: a job's row (browser) or a tqdm bar (command line)."""

    def begin(self, message: str, total: int | None = None) -> None: ...
    def total(self, count: int) -> None: ...
    def advance(self, count: int) -> None: ...
    def end(self) -> None: ...


class JobSteps:
    """Progress of the running job (see ``aspiration.jobs.runner.progress``)."""

    def begin(self, message: str, total: int | None = None) -> None:
        runner.progress(0, total, message)

    def total(self, count: int) -> None:
        runner.progress(0, count)

    def advance(self, count: int) -> None:
        runner.advance(count)

    def end(self) -> None:
        pass


def import_with_progress(fmt: str, path: Path, options: dict, steps: Steps, user=None) -> ImportSummary:
    """``import_file`` with its progress reported to ``steps``; raises ``ImportError_`` as it does."""
    ensure_reference_data()
    steps.begin(READING)

    def measured(count: int) -> None:
        steps.begin(STORING, count)

    return import_file(fmt, path, options, user=user, progress=steps.advance, total=measured)


def prepare(steps: Steps) -> dict:
    """Label what no model labelled yet and bring search up to date: ``aspiration classify`` then ``aspiration index``.

    Both steps are incremental, so after an import only the new recommendations cost time.
    """
    from aspiration.labelling.annotations import classify_pending
    from aspiration.nlp.embedding import default_embedder
    from aspiration.search import indexer

    steps.begin(LABELLING)
    # Smaller batches than the commands' defaults: the bar moves, for a few percent of speed.
    labelled = classify_pending(batch_size=64, progress=steps.advance, total=steps.total)
    steps.begin(INDEXING, Recommendation.objects.count())
    text = indexer.sync_text(progress=steps.advance)
    steps.begin(VECTORS)
    embedded, changed = indexer.sync_vectors(default_embedder, progress=steps.advance, batch=64, total=steps.total)
    steps.begin(CLUSTERS)
    indexer.sync_clusters(changed, progress=steps.advance)
    indexer.analyze()
    steps.end()
    return {"labelled": labelled.classified, "labels_written": labelled.written,
            "indexed": text.created + text.updated, "vectors": embedded}


# --- the job ----------------------------------------------------------------------------------


def start_import(user, fmt: str, path: Path, options: dict | None = None):
    """Queue the import of an uploaded file as a job; returns the Job."""
    # The title is the file's own name: pages add the kind of job in the reader's language.
    return runner.start(import_upload, kind="import", title=path.name,
                        user=user, fmt=fmt, path=str(path), options=options or {})


@job_task
def import_upload(job, *, fmt: str, path: str, options: dict) -> dict:
    """Import the uploaded file, then label and index; the file is removed once the outcome is final."""
    source = Path(path)
    if not source.exists():
        raise Refused(gettext("The uploaded file is no longer kept (files of failed imports are removed after a "
                              "week); upload it again."))
    try:
        summary = import_with_progress(fmt, source, options, JobSteps(), user=job.created_by)
    except ImportError_ as error:
        _name_batches(source)
        discard(source)
        raise Refused(str(error).replace(str(source), source.name)) from None
    _name_batches(source)
    result = summary_dict(summary, fmt, source.name, options)
    # Always: a retry after a failed labelling finds the file "already imported" and must still prepare it.
    result.update(prepare(JobSteps()))
    discard(source)
    return result


def _name_batches(source: Path) -> None:
    """Batches record the file by the name its owner knows, not the random folder it waited in."""
    ImportBatch.objects.filter(file_name=str(source)[-500:]).update(file_name=source.name)


def summary_dict(summary: ImportSummary, fmt: str, name: str, options: dict) -> dict:
    from aspiration.reference.models import Country

    result = {"file": name, "format": fmt, "format_name": str(FORMATS[fmt]), "batch": summary.batch.pk if summary.batch else None,
              "read": summary.read, "created": summary.created, "merged": summary.merged, "rejected": summary.rejected,
              "already_imported": summary.already_imported}
    if options.get("state"):
        country = Country.objects.filter(iso3=options["state"]).first()
        result["state_names"] = country.names if country else {"en": options["state"]}
    return result


# --- rejected rows ----------------------------------------------------------------------------


def rejected_table(batch: ImportBatch, row_title: str, reason_title: str) -> tuple[list[str], Iterator[list]]:
    """The rows a batch rejected, as a header and rows: row number, reason, then the row's own cells."""
    rows = list(batch.rejected_rows.all())
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row.raw if key not in columns]
    return [row_title, reason_title, *columns], (
        [row.row_number, row.reason, *(_cell(row.raw.get(c, "")) for c in columns)] for row in rows)


def rejected_csv(batch: ImportBatch) -> bytes:
    """The page's download of the rejected rows: formula-safe, UTF-8 with a BOM, headings in the user's language."""
    return csv_bytes(*rejected_table(batch, gettext("Row"), gettext("Reason")))


def _cell(value) -> str:
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)
