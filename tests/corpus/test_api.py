"""POST /api/corpus/recommendations and the batch endpoints: auth, validation, audit."""

from __future__ import annotations

import pytest

from aspiration.accounts.models import ApiToken, AuditEvent, User
from aspiration.corpus.models import Recommendation
from aspiration.corpus.services import import_file

URL = "/api/corpus/recommendations"
GOOD = {"text": "Adopt a comprehensive anti-discrimination law.", "state": "FRA", "session": 43,
        "recommending_states": ["Brazil", "CHL"], "response": "supported",
        "labels": {"sdg_goal": ["10"], "sdg_target": ["10.3"], "upr_issue": ["Racial discrimination"]}}


def token_for(role: str) -> str:
    user = User.objects.create_user(f"user-{role}", password="x", role=role)
    return ApiToken.issue(user, "test")[1]


def post(client, payload, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(URL, payload, content_type="application/json", **headers)


def test_write_needs_a_token(client, reference):
    assert post(client, GOOD).status_code == 401
    assert post(client, GOOD, token="asp_wrong").status_code == 401
    assert not Recommendation.objects.exists()


def test_viewers_may_not_add(client, reference):
    assert post(client, GOOD, token=token_for("viewer")).status_code == 403
    assert not Recommendation.objects.exists()


def test_coordinator_adds_one_recommendation_with_labels(client, reference):
    response = post(client, GOOD, token=token_for("coordinator"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "FRA" and body["cycle"] == 4 and body["language"] == "en"
    assert body["recommending_states"] == ["BRA", "CHL"]
    assert body["labels"] == {"response": ["supported"], "sdg_goal": ["10"], "sdg_target": ["10.3"],
                              "upr_issue": ["Racial discrimination"]}
    rec = Recommendation.objects.get(pk=body["id"])
    assert set(rec.annotations.values_list("source", "score").distinct()) == {("import", 1.0)}
    event = AuditEvent.objects.get(action="corpus.recommendation.create")
    assert event.object_id == str(rec.pk) and event.actor.username == "user-coordinator"
    again = post(client, GOOD, token=token_for("admin"))
    assert again.status_code == 409 and Recommendation.objects.count() == 1


@pytest.mark.parametrize("change", [
    {"text": ""}, {"state": "Atlantis"}, {"session": 0}, {"response": "maybe"},
    {"labels": {"sdg_goal": ["99"]}}, {"recommending_states": ["Nowhere"]},
])
def test_bad_input_is_422(client, reference, change):
    response = post(client, {**GOOD, **change}, token=token_for("coordinator"))
    assert response.status_code == 422, response.content
    assert not Recommendation.objects.exists()


def test_batches_and_rejected_rows(client, reference, corpus_fixtures):
    summary = import_file("upr-info", corpus_fixtures / "upr-info-small.csv")
    assert client.get("/api/corpus/batches").status_code == 401
    viewer = {"HTTP_AUTHORIZATION": f"Bearer {token_for('viewer')}"}
    assert client.get("/api/corpus/batches", **viewer).status_code == 403
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for('coordinator')}"}
    batches = client.get("/api/corpus/batches", **headers).json()
    assert [(b["id"], b["rows_read"], b["created"], b["rejected"]) for b in batches] == [(summary.batch.pk, 7, 3, 3)]
    rejected = client.get(f"/api/corpus/batches/{summary.batch.pk}/rejected", **headers).json()
    assert [r["row_number"] for r in rejected] == [5, 6, 7] and rejected[1]["raw"]["To"] == "Atlantis"
    assert client.get("/api/corpus/batches/999999/rejected", **headers).status_code == 404
