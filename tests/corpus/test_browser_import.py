"""A coordinator imports in a real browser: upload, the column or state step, the job page, the summary, the rejected rows.

Most tests run the queued job with the real worker (`aspiration worker --batch`) in the test's own
process while the page polls: the live server's SQLite test database lives in memory, out of reach of
a worker subprocess. The last test starts `aspiration serve` for real (server and worker processes on
a fresh home) and watches the progress bar move.
"""

from __future__ import annotations

import csv
import re

import pytest

from aspiration.accounts.models import User
from aspiration.corpus.models import Recommendation
from aspiration.jobs.models import Job
from tests.conftest import screenshot
from tests.corpus.test_import_jobs import SLOVENIA, without_state
from tests.jobs.conftest import PASSWORD, run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(reference, settings, tmp_path):
    settings.SEARCH_VECTOR_DIR = str(tmp_path / "search")
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    return User.objects.create_user(username="coord", password=PASSWORD, role="coordinator", first_name="Amina",
                                    last_name="Diallo")


def log_in(page) -> None:
    page.goto("/login/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def upload(page, kind_label: str, path) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label(kind_label).check()
    page.set_input_files("#id_file", str(path))


def finish_job(page) -> Job:
    """On the job page: run the queued work, then wait for the page to show the outcome (it polls; no reload)."""
    assert re.search(r"/jobs/\d+/$", page.url)
    run_jobs()
    page.wait_for_selector("#job-status[data-job-status=done], #job-status[data-job-status=failed]", timeout=30000)
    return Job.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))


def test_upr_info_csv_import_with_progress_summary_and_rejected_rows(page, coordinator, corpus_fixtures, tmp_path):
    log_in(page)
    upload(page, "UPR Info database export (CSV)", corpus_fixtures / "upr-info-small.csv")
    screenshot(page, "import-upload")
    with page.expect_navigation():
        page.click("#import-submit")
    assert page.locator("#job-status").get_attribute("data-job-status") == "queued"
    assert page.locator("#job-status").get_attribute("hx-trigger") == "every 1s"
    screenshot(page, "import-job-queued")
    job = finish_job(page)
    assert job.status == Job.Status.DONE, job.error
    assert page.locator("#summary-read").inner_text() == "7"
    assert page.locator("#summary-created").inner_text() == "3"
    assert page.locator("#summary-rejected").inner_text() == "3"
    assert Recommendation.objects.count() == 3
    screenshot(page, "import-job-done")
    with page.expect_download() as info:
        page.click("#download-rejected")
    target = tmp_path / "rejected.csv"
    info.value.save_as(target)
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["Row"], row["To"]) for row in rows][:2] == [("5", "Côte d'Ivoire"), ("6", "Atlantis")]
    assert rows[2]["Reason"].startswith("unknown Response")


def test_a_table_is_imported_with_the_columns_chosen_from_its_headers(page, coordinator, tmp_path):
    table = tmp_path / "ministry-list.csv"
    table.write_text("Country,Wording,Session,SDG\n"
                     "Kenya,Adopt a law on equal pay for equal work,35,5\n"
                     "Kenya,Protect human rights defenders from reprisals,35,16\n"
                     "Kenya,Ratify the Optional Protocol to the Convention against Torture,35,16\n"
                     "Atlantis,Protect journalists,35,16\n", encoding="utf-8")
    log_in(page)
    upload(page, "Any other table (CSV or XLSX): you say which column holds what", table)
    with page.expect_navigation():
        page.click("#import-submit")
    assert page.url.endswith("/columns/")
    assert page.locator("#import-preview tbody tr").count() == 4
    assert page.locator("#id_map_text").input_value() == ""  # "Wording" is no usual header
    assert page.locator("#id_map_state").input_value() == "Country"  # guessed
    page.select_option("#id_map_text", "Wording")
    page.select_option("#id_map_session", "Session")
    page.select_option("#id_map_label_sdg_goal", "SDG")
    page.select_option("#id_language", label="English")
    screenshot(page, "import-mapping")
    with page.expect_navigation():
        page.click("#import-submit")
    job = finish_job(page)
    assert (job.result["created"], job.result["rejected"]) == (3, 1)
    assert Recommendation.objects.filter(state__iso3="KEN", session=35, language="en").count() == 3
    assert Recommendation.objects.filter(annotations__label__code="16", annotations__source="import").count() == 2


def test_a_matrix_without_its_state_is_imported_with_the_state_chosen(page, coordinator, shared_data, tmp_path):
    matrix = without_state(shared_data / SLOVENIA, tmp_path / "EgyptMatriceRecommendations.docx")
    log_in(page)
    upload(page, "OHCHR thematic list of recommendations (Word matrix)", matrix)
    with page.expect_navigation():
        page.click("#import-submit")
    assert page.url.endswith("/state/")
    assert "EgyptMatriceRecommendations.docx" in page.locator("main").inner_text()
    page.select_option("#id_state", label="Slovenia")
    screenshot(page, "import-matrix-state")
    with page.expect_navigation():
        page.click("#import-submit")
    job = finish_job(page)
    assert job.status == Job.Status.DONE, job.error
    assert page.locator("#summary-state").inner_text() == "Slovenia"
    assert Recommendation.objects.filter(state__iso3="SVN").count() == 163


def test_a_file_refused_as_a_whole_says_why_on_the_job_page(page, coordinator, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("To,Text\nFrance,x\n", encoding="utf-8")
    log_in(page)
    upload(page, "UPR Info database export (CSV)", broken)
    with page.expect_navigation():
        page.click("#import-submit")
    job = finish_job(page)
    assert job.status == Job.Status.FAILED
    assert "broken.csv, row 1: missing column(s) From, Response, Session" in page.locator("#job-error").inner_text()
    assert page.locator("#job-retry").count() == 0
    assert Recommendation.objects.count() == 0
    screenshot(page, "import-job-refused")


@pytest.mark.slow
def test_with_the_real_server_and_worker_the_bar_moves_then_the_summary_shows(browser, shared_data, tmp_path):
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.jobs.test_serve_worker import CHECKOUT, free_port, shell

    env = {**os.environ, "ASPIRATION_HOME": str(tmp_path / "home"), "DATABASE_URL": ""}
    shell(env, f"from aspiration.accounts.models import User; User.objects.create_user(username='coord', "
               f"password='{PASSWORD}', role='coordinator')")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "aspiration", "serve", "--port", str(port)], env=env,
                              cwd=CHECKOUT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):  # a home without `aspiration setup`: serve collects the static files first
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30000)
        log_in(page)
        upload(page, "OHCHR thematic list of recommendations (Word matrix)", shared_data / SLOVENIA)
        with page.expect_navigation():
            page.click("#import-submit")
        # The worker picks the job up; the page, polling, shows the step and a bar with numbers.
        page.wait_for_selector("#job-status[data-job-status=running] #job-progress[max]", timeout=60000)
        screenshot(page, "import-job-progress")
        moved = page.wait_for_function("""() => {
            const bar = document.querySelector("#job-status[data-job-status=running] #job-progress[max]");
            return (bar && bar.value > 0 && bar.value < bar.max) || document.querySelector("[data-job-status=done]");
        }""", timeout=120000)
        if moved and page.locator("#job-status[data-job-status=running]").count():
            screenshot(page, "import-job-progress")  # the bar part way
        page.wait_for_selector("#job-status[data-job-status=done]", timeout=120000)
        assert page.locator("#summary-created").inner_text() == "163"
        assert page.locator("#summary-indexed").inner_text() == "163"
        context.close()
    finally:
        server.terminate()
        server.wait(60)
