"""A request body over the limit is refused with a reason (400), never a server error, and saves nothing;
a forged Host header is refused too."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from aspiration.accounts.models import ApiToken
from aspiration.tracking.models import ProgressUpdate
from tests.tracking.conftest import world  # noqa: F401

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


@pytest.mark.django_db
def test_a_forged_host_is_refused():
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
