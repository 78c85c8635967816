"""Early-warning data leaves the watch desk only for watch analysts (issue 11): the briefing page leaves it out for others."""

from __future__ import annotations

import io
from datetime import date, timedelta

import docx
import openpyxl
import pytest
from django.urls import reverse

from aspiration.accounts.models import User
from aspiration.jobs.models import Job
from aspiration.watch.models import Alert, Signal
from tests.jobs.conftest import run_jobs

# Transactional: the worker closes its connection after a job (see test_page.py).
pytestmark = pytest.mark.django_db(transaction=True)

BRIEFING = {"kind": "country-briefing", "state": "FRA", "language": "en"}


@pytest.fixture
def signals(corpus):
    day = date.today() - timedelta(days=2)
    Signal.objects.create(country="FRA", category="violence_against_women", day=day, count=6, total=40, rate=0.15)
    Alert.objects.create(country="FRA", category="violence_against_women", day=day, count=6, total=40, baseline=0.02,
                         p_value=0.001)


def _briefing(client, role: str, fmt: str, analyst: bool) -> str:
    client.force_login(User.objects.create_user(username=f"{role}-{analyst}", password="pw", role=role,
                                                is_watch_analyst=analyst))
    assert client.post("/reports/", BRIEFING | {"format": fmt}).status_code == 302
    run_jobs()
    job = Job.objects.get()
    response = client.get(reverse("reports:download", args=[job.pk]))
    assert response.status_code == 200, job.error
    content = io.BytesIO(b"".join(response.streaming_content))
    if fmt == "docx":
        return "\n".join(p.text for p in docx.Document(content).paragraphs)
    book = openpyxl.load_workbook(content)
    return "\n".join(book.sheetnames + [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value])


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("role", ["viewer", "coordinator", "admin"])
def test_non_analysts_get_no_early_warning_section(client, signals, role, fmt):
    text = _briefing(client, role, fmt, analyst=False)
    assert "France" in text
    assert "Early-warning signals" not in text and "open alerts" not in text
    assert "Incitement to violence against women" not in text


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_watch_analysts_get_the_early_warning_section(client, signals, fmt):
    text = _briefing(client, "viewer", fmt, analyst=True)
    assert "1 open alerts" in text
