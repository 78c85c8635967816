"""A coordinator retrains a model from the review page in a real browser and reads the job's summary."""

from __future__ import annotations

import re

import pytest

from aspiration.accounts.models import User
from aspiration.jobs.models import Job
from tests.conftest import screenshot
from tests.jobs.conftest import PASSWORD, run_jobs
from tests.nlp.test_training_job import decisions  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_retrains_from_the_review_page(page, decisions):  # noqa: F811
    User.objects.create_user(username="coord", password=PASSWORD, role="coordinator")
    page.goto("/login/?next=/nlp/review/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.select_option("#retrain-taxonomy", label="UPR issues")
    screenshot(page, "retrain-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Retrain from people's decisions").click()
    assert re.search(r"/jobs/\d+/$", page.url)
    run_jobs()
    page.wait_for_selector("#job-status[data-job-status=done]", timeout=30000)
    assert Job.objects.get().status == Job.Status.DONE
    assert re.fullmatch(r"Trained on \d{1,2} \w{3} \d{4} from 3 decisions by people\.",
                        page.locator("#training-version").inner_text())
    assert page.locator("#summary-examples").inner_text() == "12"
    assert page.locator("#summary-f1").inner_text().endswith("%")
    screenshot(page, "retrain-job-done")
