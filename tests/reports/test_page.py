"""The reports page: who may use it, what it returns, and the audit trail it leaves."""

from __future__ import annotations

import io
import os
import shutil
import stat
import time

import docx
import openpyxl
import pytest
from django.urls import reverse

from aspiration.accounts.models import AuditEvent, Institution, User
from aspiration.corpus.models import Recommendation
from aspiration.jobs.models import Job
from tests import factories
from tests.jobs.conftest import run_jobs

# Transactional: the worker closes its connection after a job, which a test transaction would not survive on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)

URL = "/reports/"
CHOICE = {"kind": "upr-midterm", "state": "FRA", "format": "docx", "language": "en"}


def user(role: str, **fields) -> User:
    return User.objects.create_user(username=f"{role}-user", password="pw", role=role, **fields)


def test_url_name():
    assert reverse("reports:index") == URL


def test_anonymous_users_are_sent_to_log_in(client, corpus):
    assert client.get(URL).status_code == 302
    response = client.post(URL, CHOICE)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not AuditEvent.objects.filter(action="report.generate").exists()


@pytest.mark.parametrize("role", ["focal_point", "civil_society"])
def test_other_roles_are_refused(client, corpus, role):
    client.force_login(user(role, institution=Institution.objects.create(name="Some ministry")))
    assert client.get(URL).status_code == 403
    assert client.post(URL, CHOICE).status_code == 403
    assert not AuditEvent.objects.filter(action="report.generate").exists()


def test_inactive_coordinator_is_refused(client, corpus):
    account = user("coordinator")
    client.force_login(account)
    account.is_active = False
    account.save()
    assert client.get(URL).status_code in (302, 403)


@pytest.mark.parametrize("role", ["coordinator", "admin", "viewer"])
def test_allowed_roles_see_the_form_and_the_menu_entry(client, corpus, role):
    client.force_login(user(role))
    page = client.get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="kind"' in body and '<option value="FRA">France</option>' in body
    assert 'value="ESP"' not in body  # no recommendations, nothing to report
    assert f'href="{URL}"' in body


def test_menu_entry_hidden_from_focal_points(client, corpus):
    client.force_login(user("focal_point", institution=Institution.objects.create(name="Ministry")))
    assert f'href="{URL}"' not in client.get("/").content.decode()


def generate(client, choice: dict) -> Job:
    """Ask for a report on the page, land on its job page, run the job with the real worker."""
    response = client.post(URL, choice)
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk]) and job.status == Job.Status.QUEUED
    run_jobs()
    job.refresh_from_db()
    return job


def test_coordinator_downloads_a_docx_and_it_is_audited(client, corpus, report_files):
    coordinator = user("coordinator")
    client.force_login(coordinator)
    job = generate(client, CHOICE)
    assert job.status == Job.Status.DONE, job.error
    assert job.title == "UPR mid-term report: France" and job.created_by == coordinator
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    link = reverse("reports:download", args=[job.pk])
    assert f'id="download-report" href="{link}"' in page and "Download the report" in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="upr-midterm-FRA-en.docx"'
    assert docx.Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs[0].text == "UPR mid-term report: France"
    event = AuditEvent.objects.get(action="report.generate")
    assert event.actor == coordinator and event.object_id == "upr-midterm:FRA"
    assert event.after == {"kind": "upr-midterm", "state": "FRA", "format": "docx", "language": "en"}


def test_the_file_is_private_under_a_random_folder(client, corpus, report_files):
    client.force_login(user("coordinator"))
    job = generate(client, CHOICE)
    folder = report_files / job.result["token"]
    assert len(job.result["token"]) == 32 and folder.is_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "upr-midterm-FRA-en.docx").stat().st_mode) == 0o600
    assert stat.S_IMODE(report_files.stat().st_mode) == 0o700


def test_viewer_downloads_a_spreadsheet_in_chinese(client, corpus):
    client.force_login(user("viewer"))
    job = generate(client, {**CHOICE, "kind": "country-briefing", "format": "xlsx", "language": "zh-hans"})
    response = client.get(reverse("reports:download", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.worksheets[0]["A1"].value == "国别简报：法国"


def test_only_the_owner_or_a_coordinator_downloads(client, corpus):
    owner = user("viewer")
    client.force_login(owner)
    job = generate(client, CHOICE)
    link = reverse("reports:download", args=[job.pk])
    client.logout()
    response = client.get(link)
    assert response.status_code == 302 and "login" in response["Location"]
    other = User.objects.create_user(username="other-viewer", password="pw", role="viewer")
    client.force_login(other)
    assert client.get(link).status_code == 403
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 403
    client.force_login(user("coordinator"))
    assert client.get(link).status_code == 200
    client.force_login(User.objects.create_superuser(username="root", password="pw"))
    assert client.get(link).status_code == 200


def test_a_briefing_with_early_warnings_stays_with_watch_analysts(client, corpus):
    analyst = User.objects.create_user(username="analyst", password="pw", role="coordinator", is_watch_analyst=True)
    client.force_login(analyst)
    job = generate(client, {**CHOICE, "kind": "country-briefing"})
    assert job.result["early_warning"] is True and job.params["early_warning"] is True
    link = reverse("reports:download", args=[job.pk])
    assert client.get(link).status_code == 200
    client.force_login(user("coordinator"))  # sees the job, not the early-warning section
    assert "download-report" not in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert client.get(link).status_code == 403


def test_no_early_warning_section_for_other_people(client, corpus):
    client.force_login(user("coordinator"))
    job = generate(client, {**CHOICE, "kind": "country-briefing"})
    assert job.params["early_warning"] is False and job.result["early_warning"] is False


def test_an_unfinished_or_foreign_job_is_not_a_download(client, corpus):
    coordinator = user("coordinator")
    client.force_login(coordinator)
    client.post(URL, CHOICE)
    queued = Job.objects.get()
    assert client.get(reverse("reports:download", args=[queued.pk])).status_code == 404
    other = Job.objects.create(kind="import", title="Import", created_by=coordinator, status="done", task_path="x",
                               result={"token": queued.pk, "filename": "x.docx"})
    assert client.get(reverse("reports:download", args=[other.pk])).status_code == 404


def test_a_removed_file_says_so(client, corpus, report_files):
    client.force_login(user("coordinator"))
    job = generate(client, CHOICE)
    shutil.rmtree(report_files / job.result["token"])
    response = client.get(reverse("reports:download", args=[job.pk]))
    assert response.status_code == 404


def test_reports_older_than_a_week_are_removed_by_the_next_report(client, corpus, report_files):
    client.force_login(user("coordinator"))
    old = generate(client, CHOICE)
    Job.objects.all().delete()
    week_ago = time.time() - 8 * 24 * 3600
    os.utime(report_files / old.result["token"], (week_ago, week_ago))
    recent = generate(client, {**CHOICE, "format": "xlsx"})
    assert not (report_files / old.result["token"]).exists()
    assert (report_files / recent.result["token"] / "upr-midterm-FRA-en.xlsx").is_file()


def test_bad_choices_are_reported_on_the_page(client, corpus):
    client.force_login(user("coordinator"))
    response = client.post(URL, {**CHOICE, "state": "ESP", "kind": "nothing"})
    assert response.status_code == 200
    assert 'name="kind"' in response.content.decode() and "errorlist" in response.content.decode()
    assert not Job.objects.exists() and not AuditEvent.objects.filter(action="report.generate").exists()


def test_report_errors_are_shown_on_the_job_page(client, corpus):
    client.force_login(user("coordinator"))
    assert generate(client, {**CHOICE, "state": "DEU"}).status == Job.Status.DONE  # no plan: still a report
    Job.objects.all().delete()
    Recommendation.objects.filter(state__iso3="DEU").update(mechanism=factories.mechanism("CEDAW", "treaty_body"))
    job = generate(client, {**CHOICE, "state": "DEU"})
    assert job.status == Job.Status.FAILED and not job.retryable
    assert job.error == "The report could not be written: Germany has no UPR recommendations to report on."
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Germany has no UPR recommendations" in page and "DEU" not in page and "Traceback" not in page
    assert "upload it again" not in page
