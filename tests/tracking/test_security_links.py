"""Evidence links: only http(s) addresses are accepted and rendered (issue 11)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from aspiration.tracking.models import Evidence, ProgressUpdate
from tests.tracking.conftest import client_for


def test_a_script_link_is_refused_as_evidence(client, world):
    client_for(client, world, "focal_a")
    response = client.post(reverse("tracking:progress_create", args=[world.action_a.pk]), {
        "date": "2025-03-01", "narrative": "Shelter opened", "status": "in_progress", "links": "javascript:alert(1)"})
    assert response.status_code == 400 and not Evidence.objects.exists()


def test_a_stored_script_link_is_not_rendered(client, world):
    update = ProgressUpdate.objects.create(action=world.action_a, date=date(2025, 3, 1), narrative="n", status="in_progress",
                                           author=world.users["focal_a"])
    Evidence.objects.create(progress_update=update, url="javascript:alert(document.cookie)", uploaded_by=world.users["focal_a"])
    Evidence.objects.create(progress_update=update, url="https://example.org/minutes", uploaded_by=world.users["focal_a"])
    body = client_for(client, world, "coordinator").get(reverse("tracking:action_detail", args=[world.action_a.pk])).content
    assert b"javascript:" not in body and b'href="https://example.org/minutes"' in body
