"""A request body over the limit is refused with a reason (400), never a server error, and saves nothing;
a forged Host header is refused too."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aspiration.accounts.models import ApiToken
from aspiration.jobs.models import Job
from aspiration.tracking.models import ProgressUpdate
from aspiration.watch.models import Item
from tests.tracking.conftest import _user, world  # noqa: F401

LIMIT = 10_000  # bytes; the production limit (20 MB) is refused the same way, only slower to send


@pytest.fixture
def small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT


def test_the_production_limit_is_bounded(settings):
    assert 0 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 50 * 1024 * 1024


def test_an_oversized_form_is_refused_with_a_reason_and_saves_nothing(client, world, small_limit):  # noqa: F811
    client.force_login(world.users["focal_a"])
    before = ProgressUpdate.objects.count()
    response = client.post(f"/tracking/actions/{world.action_a.pk}/progress/",
                           {"date": date.today().isoformat(), "status": "in_progress", "narrative": "x" * (2 * LIMIT)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "too large" in page and "nothing was saved" in page
    assert 'action="/logout/"' in page  # the site's own header, for the person logged in
    assert ProgressUpdate.objects.count() == before


def test_an_oversized_api_write_is_refused_in_json_and_saves_nothing(client, world, small_limit):  # noqa: F811
    _, raw = ApiToken.issue(world.users["focal_a"], "limits")
    before = ProgressUpdate.objects.count()
    body = json.dumps({"action_id": world.action_a.pk, "date": "2026-12-01", "status": "completed",
                       "narrative": "x" * (2 * LIMIT)})
    response = client.post("/api/tracking/progress-updates", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]
    assert ProgressUpdate.objects.count() == before


def test_the_same_write_under_the_limit_is_saved(client, world, small_limit):  # noqa: F811
    _, raw = ApiToken.issue(world.users["focal_a"], "limits")
    body = json.dumps({"action_id": world.action_a.pk, "date": "2026-12-01", "status": "completed",
                       "narrative": "x" * (LIMIT // 2)})
    response = client.post("/api/tracking/progress-updates", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code < 300, response.content


def test_a_feed_over_the_import_limit_is_refused_before_anything_is_stored(client, world, settings, tmp_path):  # noqa: F811
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    client.force_login(_user("analyst", "viewer", is_watch_analyst=True))
    rows = "".join(f"A post about the market number {n},2026-11-{1 + n % 28:02d}\n" for n in range(40_000))
    feed = SimpleUploadedFile("posts.csv", f"text,date\n{rows}".encode())
    assert feed.size > settings.IMPORT_MAX_BYTES
    response = client.post("/watch/import/", {"feed": "press", "file": feed})
    assert response.status_code == 200 and "larger than 1 MB" in response.content.decode()
    assert not Job.objects.exists() and not Item.objects.exists()
    assert not any((tmp_path / "uploads").rglob("*.csv"))


@pytest.mark.django_db
def test_a_forged_host_is_refused():
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
