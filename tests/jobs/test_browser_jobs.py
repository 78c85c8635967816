"""A job followed in a real browser: the page updates itself when the job fails, says why, and Retry works."""

from __future__ import annotations

import pytest

from aspiration.accounts.models import User
from aspiration.jobs import runner
from aspiration.jobs.models import Job
from tests.conftest import screenshot
from tests.jobs import tasks
from tests.jobs.conftest import PASSWORD, run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_failed_job_says_why_and_retry_runs_it_again(page, tmp_path):
    owner = User.objects.create_user(username="coord", password=PASSWORD, role="coordinator")
    job = runner.start(tasks.fail_first_time, kind=Job.Kind.IMPORT, title="Import of ministry-list.csv", user=owner,
                       marker=str(tmp_path / "marker"))
    page.goto("/login/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto(f"/jobs/{job.pk}/")
    assert page.locator("#job-status").get_attribute("data-job-status") == "queued"
    run_jobs()
    # No reload: htmx swaps the status block in when the poll sees the failure.
    page.wait_for_selector("#job-status[data-job-status=failed]")
    assert page.locator("#job-error").inner_text() == "the archive server did not answer"
    screenshot(page, "job-failed")
    with page.expect_navigation():
        page.click("#job-retry")
    assert "The job was queued again." in page.locator(".messages").inner_text()
    run_jobs()
    page.wait_for_selector("#job-status[data-job-status=done]")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result) == (Job.Status.DONE, 2, {"second_try": True})
    page.goto("/jobs/")
    assert page.locator("tr[data-job-status=done]").inner_text().startswith("Import of ministry-list.csv")
