"""The reports page: who may use it, what it returns, and the audit trail it leaves."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from aspiration.accounts.models import AuditEvent, Institution, User
from aspiration.corpus.models import Recommendation
from tests import factories

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
    assert 'name="kind"' in body and '<option value="FRA">France (FRA)</option>' in body
    assert 'value="ESP"' not in body  # no recommendations, nothing to report
    assert f'href="{URL}"' in body


def test_menu_entry_hidden_from_focal_points(client, corpus):
    client.force_login(user("focal_point", institution=Institution.objects.create(name="Ministry")))
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_coordinator_downloads_a_docx_and_it_is_audited(client, corpus):
    coordinator = user("coordinator")
    client.force_login(coordinator)
    response = client.post(URL, CHOICE)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="upr-midterm-FRA-en.docx"'
    assert docx.Document(io.BytesIO(response.content)).paragraphs[0].text == "UPR mid-term report: France"
    event = AuditEvent.objects.get(action="report.generate")
    assert event.actor == coordinator and event.object_id == "upr-midterm:FRA"
    assert event.after == {"kind": "upr-midterm", "state": "FRA", "format": "docx", "language": "en"}


def test_viewer_downloads_a_spreadsheet_in_chinese(client, corpus):
    client.force_login(user("viewer"))
    response = client.post(URL, {**CHOICE, "kind": "country-briefing", "format": "xlsx", "language": "zh-hans"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["A1"].value == "国别简报：法国"


def test_bad_choices_are_reported_on_the_page(client, corpus):
    client.force_login(user("coordinator"))
    response = client.post(URL, {**CHOICE, "state": "ESP", "kind": "nothing"})
    assert response.status_code == 200 and "attachment" not in response.get("Content-Disposition", "")
    assert 'name="kind"' in response.content.decode() and "errorlist" in response.content.decode()
    assert not AuditEvent.objects.filter(action="report.generate").exists()


def test_report_errors_are_shown_not_raised(client, corpus):
    client.force_login(user("coordinator"))
    response = client.post(URL, {**CHOICE, "state": "DEU", "kind": "upr-midterm"})
    assert response.status_code == 200  # Germany has UPR recommendations but no plan: still a report
    Recommendation.objects.filter(state__iso3="DEU").update(mechanism=factories.mechanism("CEDAW", "treaty_body"))
    response = client.post(URL, {**CHOICE, "state": "DEU", "kind": "upr-midterm"})
    assert response.status_code == 400 and "DEU has no UPR recommendations" in response.content.decode()
