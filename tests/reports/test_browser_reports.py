"""A coordinator logs in, asks for the UPR mid-term report, follows its job and opens the download."""

from __future__ import annotations

import re

import docx
import pytest

from aspiration.accounts.models import User
from tests.conftest import screenshot
from tests.jobs.conftest import run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_generates_the_midterm_report(page, corpus, tmp_path):
    User.objects.create_user(username="coordinator", password="a-long-password", role="coordinator")
    page.goto("/login/?next=/reports/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "a-long-password")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/reports/")
    page.select_option("#id_kind", "upr-midterm")
    page.select_option("#id_state", "FRA")
    page.select_option("#id_format", "docx")
    page.select_option("#id_language", "en")
    screenshot(page, "reports-page")
    with page.expect_navigation():
        page.click("#report-submit")
    assert re.search(r"/jobs/\d+/$", page.url)
    assert page.locator("#job-status").get_attribute("data-job-status") == "queued"
    screenshot(page, "report-job-queued")
    run_jobs()  # the live server's in-memory database is out of a worker subprocess's reach
    page.wait_for_selector("#job-status[data-job-status=done]", timeout=30000)
    assert page.locator("#summary-state").inner_text() == "France"
    screenshot(page, "report-job-done")
    with page.expect_download() as download_info:
        page.locator("#download-report").click()
    download = download_info.value
    assert download.suggested_filename == "upr-midterm-FRA-en.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    word = docx.Document(str(path))
    assert word.paragraphs[0].text == "UPR mid-term report: France"
    assert any(row.cells[0].text == "Draft the violence against women bill" for table in word.tables for row in table.rows)
