"""Small job tasks for the tests (tasks must be module-level functions the worker can import)."""

from __future__ import annotations

from pathlib import Path

from aspiration.jobs.runner import Refused, job_task, progress


@job_task
def count_to(job, *, n: int) -> dict:
    for done in range(1, n + 1):
        progress(done, n, "Counting")
    return {"counted": n}


@job_task
def fail_first_time(job, *, marker: str) -> dict:
    path = Path(marker)
    if not path.exists():
        path.write_text("tried")
        raise ValueError("the archive server did not answer")
    return {"second_try": True}


@job_task
def refuse(job) -> dict:
    raise Refused("the file has no header row")


@job_task
def break_inside(job) -> dict:
    return {}["calibration"]
