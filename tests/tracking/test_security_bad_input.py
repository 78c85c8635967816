"""Hostile input gets a clear 4xx answer, never a server error (issue 11)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from aspiration.accounts.models import ApiToken
from aspiration.tracking.models import Action, Indicator, Measurement

DEEP = "(" * 500 + "violence" + ")" * 500
NOTS = "NOT " * 500 + "violence"
HUGE = "99999999999999999999"


@pytest.fixture
def api(world):
    _token, raw = ApiToken.issue(world.users["coordinator"], "test")
    client = Client(raise_request_exception=False)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.fixture
def anonymous(world):
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("params", [{"q": DEEP}, {"q": NOTS}, {"q": "a " * 5000}])
def test_deeply_nested_queries_are_answered(anonymous, params):
    assert anonymous.get(reverse("search"), params).status_code == 200
    assert anonymous.get("/api/recommendations", params).status_code in (200, 422)


@pytest.mark.parametrize("params", [{"cycle": HUGE}, {"session": str(10**30)}, {"year": "-5"}, {"page": str(10**30)},
                                    {"session": "1e400"}])
def test_out_of_range_numbers_are_refused(anonymous, params):
    page = anonymous.get(reverse("search"), params)  # the page stays usable and says what was wrong
    assert page.status_code in (200, 400)
    if "page" not in params:
        assert "takes whole numbers" in page.content.decode()
    response = anonymous.get("/api/recommendations", params)
    assert response.status_code == 422, response.content


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_measurement_values_must_be_finite(api, world, value):
    body = f'{{"indicator_id": {world.indicator_a.pk}, "date": "2025-03-01", "value": {value}}}'
    response = api.post("/api/tracking/measurements", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert "finite number" in response.content.decode()
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("value", ["NaN", "Infinity"])
def test_indicator_targets_must_be_finite(api, world, value):
    body = f'{{"action_id": {world.action_a.pk}, "name": "Shelters", "target": {value}}}'
    assert api.post("/api/tracking/indicators", body, content_type="application/json").status_code == 422
    assert Indicator.objects.count() == 1


def test_a_reference_to_nothing_is_refused(api, world):
    patch = {"version": 1, "responsible_institution_id": 999999}
    response = api.patch(f"/api/tracking/actions/{world.action_a.pk}", json.dumps(patch), content_type="application/json")
    assert response.status_code in (400, 404), response.content
    world.action_a.refresh_from_db()
    assert world.action_a.responsible_institution == world.justice and world.action_a.version == 1
    create = {"plan_id": world.plan.pk, "title": "X", "responsible_institution_id": world.justice.pk, "cluster_id": 999999}
    response = api.post("/api/tracking/actions", json.dumps(create), content_type="application/json")
    assert response.status_code in (400, 404)
    assert Action.objects.count() == 2


def test_a_huge_id_in_a_url_is_not_found(api, world):
    assert api.get(f"/api/tracking/actions/{10**30}").status_code in (404, 422)
    assert api.get(f"/api/recommendations/{10**30}").status_code in (404, 422)


@pytest.mark.parametrize("field", ["session", "cycle"])
def test_a_recommendation_with_a_huge_session_is_refused(world, field):
    _token, raw = ApiToken.issue(world.users["admin"], "test")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"text": "Protect journalists.", "state": "FRA", field: 10**30}
    response = client.post("/api/corpus/recommendations", json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    assert "less than or equal" in response.content.decode()
