"""No lost updates (optimistic locking) and an audit trail with before and after, in pages and API."""

from __future__ import annotations

import json

from django.urls import reverse

from aspiration.accounts.models import AuditEvent
from aspiration.tracking.services import VersionConflict, update_versioned
from tests.tracking.conftest import client_for


def _edit(world, title: str, version: int) -> dict:
    action = world.action_a
    return {"title": title, "description": "", "responsible_institution": action.responsible_institution_id,
            "status": action.status, "due_date": action.due_date.isoformat(), "expected_version": version,
            "recommendation_ids": str(world.rec_women.pk)}


def test_second_writer_with_a_stale_version_gets_a_conflict_not_an_overwrite(client, world):
    client_for(client, world, "focal_a")
    url = reverse("tracking:action_edit", args=[world.action_a.pk])
    first = client.post(url, _edit(world, "Draft the bill (first writer)", 1))
    assert first.status_code == 302
    second = client.post(url, _edit(world, "Draft the bill (second writer)", 1))
    assert second.status_code == 409
    assert "changed by someone else" in second.content.decode()
    world.action_a.refresh_from_db()
    assert world.action_a.title == "Draft the bill (first writer)"
    assert world.action_a.version == 2


def test_api_conflict_is_409_with_a_clear_message(client, world):
    client_for(client, world, "coordinator")
    url = f"/api/tracking/actions/{world.action_a.pk}"
    ok = client.patch(url, json.dumps({"version": 1, "title": "Adopt the bill"}), content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, json.dumps({"version": 1, "title": "Lost?"}), content_type="application/json")
    assert stale.status_code == 409
    assert "your version 1, now 2" in stale.json()["detail"]
    world.action_a.refresh_from_db()
    assert world.action_a.title == "Adopt the bill"


def test_service_refuses_stale_version(world):
    world.action_a.title = "one"
    update_versioned(world.action_a, 1)
    stale = type(world.action_a).objects.get(pk=world.action_a.pk)
    stale.title = "two"
    try:
        update_versioned(stale, 1)
    except VersionConflict as conflict:
        assert conflict.current == 2
    else:
        raise AssertionError("a stale version was saved")


def test_audit_records_who_and_before_and_after(client, world):
    client_for(client, world, "focal_a")
    client.post(reverse("tracking:action_edit", args=[world.action_a.pk]), _edit(world, "Adopt the bill by June", 1))
    event = AuditEvent.objects.get(object_type="tracking.action", object_id=str(world.action_a.pk), action="update")
    assert event.actor == world.users["focal_a"]
    assert event.before["title"] == "Draft a domestic violence bill"
    assert event.after["title"] == "Adopt the bill by June"
    assert event.after["version"] == 2
    page = client.get(reverse("tracking:history", args=["action", world.action_a.pk])).content.decode()
    assert "Draft a domestic violence bill" in page and "Adopt the bill by June" in page and "focal_justice" in page


def test_every_write_kind_is_audited(client, world):
    client_for(client, world, "focal_a")
    client.post(reverse("tracking:progress_create", args=[world.action_a.pk]),
                {"date": "2025-02-01", "narrative": "Bill drafted", "status": "completed", "links": "https://example.org/a"})
    kinds = set(AuditEvent.objects.values_list("object_type", "action"))
    assert ("tracking.progressupdate", "create") in kinds
    assert ("tracking.evidence", "create") in kinds
    # the status change the update made to the action is recorded too, with its before and after
    status_change = AuditEvent.objects.get(object_type="tracking.action", action="update")
    assert (status_change.before["status"], status_change.after["status"]) == ("in_progress", "completed")
