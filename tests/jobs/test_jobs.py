"""Jobs: progress written sparingly, results and failures recorded, retry, survival in the database, who sees a job."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from aspiration.jobs import runner
from aspiration.jobs.models import Job
from tests.jobs import tasks
from tests.jobs.conftest import run_jobs


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_tracker_writes_at_new_steps_at_the_end_and_at_most_twice_a_second():
    writes, clock = [], FakeClock()
    tracker = runner.Tracker(writes.append, interval=0.5, clock=clock)
    tracker.update(0, 1000, "Reading")
    for done in range(1, 1000):
        clock.now += 0.001
        tracker.update(done)
    assert len(writes) == 2  # the step, then one throttled write half a second later
    tracker.update(1000)
    assert writes[-1] == {"done": 1000}
    tracker.update(0, 10, "Indexing")
    assert writes[-1] == {"done": 0, "total": 10, "message": "Indexing"}


@pytest.mark.django_db(transaction=True)
def test_tracker_keeps_writes_made_inside_a_transaction_for_later(people):
    from django.db import transaction

    writes = []
    tracker = runner.Tracker(writes.append, interval=0)
    with transaction.atomic():
        tracker.update(5, 10, "Storing")
    assert writes == []
    tracker.update(6)
    assert writes == [{"done": 6, "total": 10, "message": "Storing"}]


@pytest.mark.django_db(transaction=True)
def test_a_job_is_queued_in_the_database_run_by_the_worker_and_summarised(people):
    job = runner.start(tasks.count_to, kind=Job.Kind.IMPORT, title="Count", user=people["coord"], n=25)
    assert job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "READY"  # a row: it survives a restart
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result, job.attempts) == (Job.Status.DONE, 25, 25, {"counted": 25}, 1)
    assert job.finished_at is not None and job.error == ""
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_says_why_and_a_retry_does_the_same_work_again(people, tmp_path):
    marker = tmp_path / "marker"
    job = runner.start(tasks.fail_first_time, kind=Job.Kind.IMPORT, title="Fetch", user=people["coord"], marker=str(marker))
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.error, job.retryable) == (Job.Status.FAILED, "the archive server did not answer", True)
    first_task = job.task_result_id
    assert runner.retry(job)
    assert job.status == Job.Status.QUEUED and job.task_result_id != first_task
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts, job.error) == (Job.Status.DONE, {"second_try": True}, 2, "")
    assert not runner.retry(job)  # a finished job is not run again


@pytest.mark.django_db(transaction=True)
def test_a_refused_job_is_not_offered_a_retry(people):
    job = runner.start(tasks.refuse, kind=Job.Kind.IMPORT, title="Refuse", user=people["coord"])
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.error, job.retryable) == (Job.Status.FAILED, "the file has no header row", False)
    assert not runner.retry(job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_only_the_owner_and_coordinators_see_a_job(client, people):
    job = runner.start(tasks.count_to, kind=Job.Kind.IMPORT, title="Viewer's count", user=people["viewer"], n=3)
    url = f"/jobs/{job.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(people["other"])
    assert client.get(url).status_code == 403
    assert client.post(f"{url}retry/").status_code == 403
    assert "Viewer&#x27;s count" not in client.get("/jobs/").content.decode()
    client.force_login(people["viewer"])
    assert client.get(url).status_code == 200
    assert "Viewer&#x27;s count" in client.get("/jobs/").content.decode()
    client.force_login(people["coord"])
    page = client.get(url).content.decode()
    assert 'data-job-status="queued"' in page and "Waiting to start" in page


@pytest.mark.django_db(transaction=True)
def test_the_page_polls_while_the_job_runs_and_stops_when_it_is_done(client, people, tmp_path):
    job = runner.start(tasks.fail_first_time, kind=Job.Kind.IMPORT, title="Fetch", user=people["coord"],
                       marker=str(tmp_path / "marker"))
    client.force_login(people["coord"])
    partial = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="job-status"') and 'hx-trigger="every 1s"' in partial
    run_jobs()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "hx-trigger" not in page and "the archive server did not answer" in page and 'id="job-retry"' in page
    response = client.post(f"/jobs/{job.pk}/retry/", follow=True)
    assert "The job was queued again." in response.content.decode()
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_an_error_of_the_program_is_not_shown_as_its_code_word(people):
    job = runner.start(tasks.break_inside, kind=Job.Kind.IMPORT, title="Break", user=people["coord"])
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.retryable
    assert job.error.startswith("An error inside Aspiration stopped the job.") and "calibration" not in job.error
    assert "KeyError" in DBTaskResult.objects.get(id=job.task_result_id).exception_class_path  # details for admins
