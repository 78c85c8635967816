"""API flows with token authentication, validation, and the OpenAPI documentation."""

from __future__ import annotations

from aspiration.accounts.models import ApiToken
from aspiration.tracking.models import Action, ProgressUpdate


def _auth(world, role: str) -> dict:
    _token, raw = ApiToken.issue(world.users[role], "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_focal_point_reports_progress_with_a_token(client, world):
    headers = _auth(world, "focal_a")
    response = client.post("/api/tracking/progress-updates", {"action_id": world.action_a.pk, "date": "2025-04-01",
                                                              "narrative": "Bill adopted", "status": "completed"},
                           content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    assert response.json()["author"] == "focal_justice"
    world.action_a.refresh_from_db()
    assert world.action_a.status == "completed"
    listed = client.get(f"/api/tracking/progress-updates?action={world.action_a.pk}", **headers).json()
    assert [item["narrative"] for item in listed] == ["Bill adopted"]


def test_coordinator_creates_an_action_with_links_and_invalid_references_are_400(client, world):
    headers = _auth(world, "coordinator")
    payload = {"plan_id": world.plan.pk, "title": "Train 200 police officers", "responsible_institution_id": world.justice.pk,
               "recommendation_ids": [world.rec_women.pk], "sdg_targets": ["5.2"], "cta_areas": ["3"], "due_date": "2026-01-31"}
    created = client.post("/api/tracking/actions", payload, content_type="application/json", **headers)
    assert created.status_code == 201
    body = created.json()
    assert body["recommendation_ids"] == [world.rec_women.pk] and body["sdg_targets"] == ["5.2"] and body["version"] == 1
    bad = client.post("/api/tracking/actions", payload | {"sdg_targets": ["77.7"], "title": "Other"},
                      content_type="application/json", **headers)
    assert bad.status_code == 400 and "77.7" in bad.json()["detail"]
    assert not Action.objects.filter(title="Other").exists()


def test_measurement_breakdown_must_use_the_indicators_dimensions(client, world):
    headers = _auth(world, "focal_a")
    ok = client.post("/api/tracking/measurements", {"indicator_id": world.indicator_a.pk, "date": "2025-01-01", "value": 3,
                                                   "disaggregation": {"location": "rural"}},
                     content_type="application/json", **headers)
    assert ok.status_code == 201
    bad = client.post("/api/tracking/measurements", {"indicator_id": world.indicator_a.pk, "date": "2025-01-01", "value": 3,
                                                    "disaggregation": {"sex": "female"}},
                      content_type="application/json", **headers)
    assert bad.status_code == 400 and "sex" in bad.json()["detail"]


def test_invalid_token_is_refused_for_writes(client, world):
    response = client.post("/api/tracking/progress-updates", {"action_id": world.action_a.pk, "date": "2025-04-01",
                                                              "narrative": "x", "status": "completed"},
                           content_type="application/json", HTTP_AUTHORIZATION="Bearer asp_wrong")
    assert response.status_code == 401
    assert not ProgressUpdate.objects.exists()


def test_openapi_documents_the_tracking_endpoints(client, db):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/tracking/plans", "/api/tracking/actions/{action_id}", "/api/tracking/indicators",
                 "/api/tracking/measurements/{measurement_id}", "/api/tracking/progress-updates"):
        assert path in paths, path
    assert "409" in paths["/api/tracking/actions/{action_id}"]["patch"]["responses"]
