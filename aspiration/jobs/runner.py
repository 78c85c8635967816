"""Starting, running, following and retrying jobs.

A feature writes its work as ``@job_task def work(job, **params) -> dict`` and starts it with
``start(work, kind=..., title=..., user=..., **params)``. The work reports how far it got with
``progress(done, total, message)`` (or ``advance(count)``); writes are throttled so a tight loop
does not turn into a stream of UPDATEs. What it returns becomes the job's summary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop
from django_tasks import task

from aspiration.jobs.models import Job

# Steps are stored as their English wording and translated when shown (the worker has no request language).
STARTING = gettext_noop("Starting")
INTERNAL = gettext_noop("An error inside Aspiration stopped the job. Retry it; if it fails again, an administrator "
                        "finds the details under “Task Results” in the administration pages.")
INTERRUPTED = gettext_noop("The job was interrupted because the worker was stopped; retry it.")


class Refused(Exception):
    """The work cannot be done and retrying would fail the same way (a file refused as a whole).

    The message is shown to the person as it is: plain words, no traceback.
    """


class Tracker:
    """How far the running job got; writes at most every ``interval`` seconds, and at each new step."""

    def __init__(self, write: Callable[[dict], None], interval: float = 0.5, clock: Callable[[], float] = time.monotonic):
        self.write, self.interval, self.clock = write, interval, clock
        self.done, self.total, self.message = 0, None, ""
        self.pending: dict = {}
        self.last_write = float("-inf")

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        new_step = message is not None and message != self.message
        self.done = done
        self.pending["done"] = done
        if total is not None:
            self.total = self.pending["total"] = total
        if message is not None:
            self.message = self.pending["message"] = message[:300]
        finished = self.total is not None and done >= self.total
        if new_step or finished or self.clock() - self.last_write >= self.interval:
            self.flush()

    def advance(self, count: int = 1) -> None:
        self.update(self.done + count)

    def flush(self) -> None:
        # Inside a transaction nobody else would see the row change before the commit: keep it for later.
        if not self.pending or connection.in_atomic_block:
            return
        self.write(self.pending)
        self.pending = {}
        self.last_write = self.clock()


_current: ContextVar[Tracker | None] = ContextVar("aspiration_job_tracker", default=None)


def progress(done: int, total: int | None = None, message: str | None = None) -> None:
    """Report the running job's progress; does nothing outside a job (the command line has its own bar)."""
    tracker = _current.get()
    if tracker is not None:
        tracker.update(done, total, message)


def advance(count: int = 1) -> None:
    """``count`` more items done; fits callbacks that report increments (like tqdm's ``update``)."""
    tracker = _current.get()
    if tracker is not None:
        tracker.advance(count)


# Errors of the program itself, whose message ("'calibration'") means nothing to the person who started the job.
INTERNAL_ERRORS = (KeyError, IndexError, AttributeError, TypeError, NameError, AssertionError, ZeroDivisionError)


def plain_reason(error: BaseException) -> str:
    """What went wrong, for a person: the exception's own words, or a sentence for an error of the program."""
    message = str(error).strip()
    if isinstance(error, INTERNAL_ERRORS) or not message:
        return INTERNAL
    return message


def job_task(work: Callable[..., dict | None]):
    """A django-tasks task that runs ``work(job, **job.params)`` and records status, progress, summary or failure."""

    @wraps(work)
    def run(job_id: int) -> None:
        job = Job.objects.filter(pk=job_id).first()
        if job is None or job.status == Job.Status.DONE:
            return  # deleted meanwhile, or a duplicate of work already done
        Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now(), finished_at=None,
                                             attempts=F("attempts") + 1, error="", message=STARTING)
        tracker = Tracker(lambda fields: Job.objects.filter(pk=job_id).update(**fields, updated_at=timezone.now()))
        token = _current.set(tracker)
        try:
            with translation.override(job.language or settings.LANGUAGE_CODE):
                result = work(job, **job.params)
        except Refused as error:
            _finish(job_id, Job.Status.FAILED, error=plain_reason(error), retryable=False)
            return
        except Exception as error:
            _finish(job_id, Job.Status.FAILED, error=plain_reason(error), retryable=True)
            raise  # the library keeps the traceback on its own result row, for administrators
        except BaseException:  # the worker was stopped in the middle (server shut down, Ctrl+C twice)
            _finish(job_id, Job.Status.FAILED, error=INTERRUPTED, retryable=True)
            raise
        finally:
            _current.reset(token)
        tracker.flush()
        _finish(job_id, Job.Status.DONE, result=result or {})

    return task(run)


def _finish(job_id: int, status: str, **fields) -> None:
    Job.objects.filter(pk=job_id).update(status=status, finished_at=timezone.now(), updated_at=timezone.now(), **fields)


def start(work, *, kind: str, title: str, user=None, **params) -> Job:
    """Create the job's row and queue its task; the worker picks it up (now, or after a restart)."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title[:300], created_by=user, task_path=work.module_path, params=params,
                                 language=translation.get_language() or "")
        _enqueue(job)
    return job


def retry(job: Job) -> bool:
    """Queue a failed job's same work again; False when it is not failed or retrying would not help."""
    with transaction.atomic():
        reset = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED, retryable=True).update(
            status=Job.Status.QUEUED, error="", done=0, total=None, message="", result={}, started_at=None,
            finished_at=None)
        if not reset:
            return False
        _enqueue(job)
    job.refresh_from_db()
    return True


def _enqueue(job: Job) -> None:
    result = import_string(job.task_path).enqueue(job.pk)
    job.task_result_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_result_id=job.task_result_id)
