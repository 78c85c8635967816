"""Every role tries every forbidden thing, in the pages and in the API, and is refused.

The same table also checks that the permitted roles are NOT refused, so the table cannot
pass by refusing everyone.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from aspiration.tracking.models import Assessment, Evidence, ProgressUpdate
from tests.tracking.conftest import ROLES, client_for

STAFF = {"admin", "coordinator", "focal_a", "focal_b", "viewer"}
COORD = {"admin", "coordinator"}
OWN_A = COORD | {"focal_a"}
OWN_B = COORD | {"focal_b"}


def _progress_data():
    return {"date": date.today().isoformat(), "narrative": "Draft sent to parliament", "status": "in_progress", "links": ""}


def _review_data():
    return {"power_relations": "x", "women_consulted": "x", "women_leadership": "x", "differential_impact": "x",
            "stereotypes": "x", "conclusion": "responsive", "follow_up": "", "reviewed_on": date.today().isoformat()}


def _action_data(world, action):
    return {"title": action.title + " now", "description": "", "responsible_institution": action.responsible_institution_id,
            "status": action.status, "due_date": action.due_date.isoformat(), "expected_version": action.version,
            "recommendation_ids": ""}


def _plan_data(world):
    return {"state": world.state.pk, "title": "Renamed plan", "expected_version": world.plan.version}


def _evidence(world):
    update = ProgressUpdate.objects.create(action=world.action_a, date=date.today(), narrative="n", status="planned",
                                           author=world.users["focal_a"])
    from django.core.files.base import ContentFile

    evidence = Evidence(progress_update=update, original_name="minutes.pdf", content_type="application/pdf", size=9,
                        uploaded_by=world.users["focal_a"])
    evidence.file.save("minutes.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return evidence


def _assessment(world):
    return Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=2,
                                     comment="Slow")


# (name, method, url builder, data builder, roles allowed)
VIEW_CASES = [
    ("plan list", "get", lambda w: reverse("tracking:plans"), None, STAFF),
    ("new plan page", "get", lambda w: reverse("tracking:plan_create"), None, COORD),
    ("create plan", "post", lambda w: reverse("tracking:plan_create"),
     lambda w: {"state": w.state.pk, "title": "Another plan"}, COORD),
    ("plan dashboard", "get", lambda w: reverse("tracking:plan_detail", args=[w.plan.pk]), None, STAFF),
    ("edit plan", "post", lambda w: reverse("tracking:plan_edit", args=[w.plan.pk]), _plan_data, COORD),
    ("export plan", "get", lambda w: reverse("tracking:plan_export", args=[w.plan.pk]), None, STAFF),
    ("import plan", "post", lambda w: reverse("tracking:plan_import"), lambda w: {"state": "FRA"}, COORD),
    ("clusters", "get", lambda w: reverse("tracking:clusters", args=[w.plan.pk]), None, COORD),
    ("create cluster", "post", lambda w: reverse("tracking:clusters", args=[w.plan.pk]),
     lambda w: {"title": "Violence", "origin": "manual", "recommendation_ids": str(w.rec_women.pk)}, COORD),
    ("create action", "post", lambda w: reverse("tracking:action_create", args=[w.plan.pk]),
     lambda w: {"title": "Train judges", "responsible_institution": w.justice.pk, "status": "planned"}, COORD),
    ("action page", "get", lambda w: reverse("tracking:action_detail", args=[w.action_a.pk]), None, STAFF),
    ("edit own-A action", "post", lambda w: reverse("tracking:action_edit", args=[w.action_a.pk]),
     lambda w: _action_data(w, w.action_a), OWN_A),
    ("edit own-B action", "post", lambda w: reverse("tracking:action_edit", args=[w.action_b.pk]),
     lambda w: _action_data(w, w.action_b), OWN_B),
    ("report progress on A", "post", lambda w: reverse("tracking:progress_create", args=[w.action_a.pk]),
     lambda w: _progress_data(), OWN_A),
    ("report progress on B", "post", lambda w: reverse("tracking:progress_create", args=[w.action_b.pk]),
     lambda w: _progress_data(), OWN_B),
    ("add indicator to A", "post", lambda w: reverse("tracking:indicator_create", args=[w.action_a.pk]),
     lambda w: {"name": "Judges trained"}, OWN_A),
    ("add measurement to A", "post", lambda w: reverse("tracking:measurement_create", args=[w.indicator_a.pk]),
     lambda w: {"date": "2025-01-01", "value": "3", "breakdown": ""}, OWN_A),
    ("my actions", "get", lambda w: reverse("tracking:my_actions"), None, COORD | {"focal_a", "focal_b"}),
    ("gender review of A", "post", lambda w: reverse("tracking:gender_review", args=["action", w.action_a.pk]),
     lambda w: _review_data(), OWN_A),
    ("gender review of plan", "post", lambda w: reverse("tracking:gender_review", args=["plan", w.plan.pk]),
     lambda w: _review_data(), COORD),
    ("gender overview", "get", lambda w: reverse("tracking:gender_overview", args=[w.plan.pk]), None, STAFF),
    ("history", "get", lambda w: reverse("tracking:history", args=["action", w.action_a.pk]), None, STAFF),
    ("download evidence", "get", lambda w: reverse("tracking:evidence_download", args=[_evidence(w).pk]), None, STAFF),
    ("assessment form", "get", lambda w: reverse("tracking:assessment_create") + f"?recommendation={w.rec_women.pk}",
     None, {"cso"}),
    ("submit assessment", "post", lambda w: reverse("tracking:assessment_create") + f"?recommendation={w.rec_women.pk}",
     lambda w: {"rating": "2", "comment": "Little change", "links": ""}, {"cso"}),
    ("my assessments", "get", lambda w: reverse("tracking:my_assessments"), None, {"cso"}),
    ("moderation queue", "get", lambda w: reverse("tracking:moderation"), None, COORD),
    ("moderate", "post", lambda w: reverse("tracking:moderate", args=[_assessment(w).pk]),
     lambda w: {"decision": "published"}, COORD),
]


def _as_each_role(client, world, attempt) -> list[str]:
    """Run ``attempt(client, role)`` once per role, each in a rolled-back transaction so roles do not see
    each other's changes; return the complaints."""
    problems = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            problem = attempt(client_for(client, world, role), role)
            if problem:
                problems.append(problem)
            transaction.set_rollback(True)
    return problems


@pytest.mark.parametrize("case", VIEW_CASES, ids=[case[0] for case in VIEW_CASES])
def test_pages_refuse_every_forbidden_action(client, world, case):
    name, method, url, data, allowed = case

    def attempt(client, role):
        response = getattr(client, method)(url(world), data(world) if data else None)
        login_redirect = response.status_code == 302 and "/login/" in response.get("Location", "")
        if role in allowed:
            if response.status_code in (401, 403) or login_redirect:
                return f"{role} should be allowed to {name} ({response.status_code})"
        elif role == "anonymous":
            if not login_redirect:
                return f"anonymous could {name} ({response.status_code})"
        elif response.status_code != 403:
            return f"{role} could {name} ({response.status_code})"
        return None

    assert _as_each_role(client, world, attempt) == []


def test_refused_edit_changes_nothing(client, world):
    client_for(client, world, "focal_b")
    before = world.action_a.title
    client.post(reverse("tracking:action_edit", args=[world.action_a.pk]), _action_data(world, world.action_a))
    world.action_a.refresh_from_db()
    assert world.action_a.title == before and world.action_a.version == 1


def test_focal_point_cannot_move_action_to_another_institution(client, world):
    client_for(client, world, "focal_a")
    data = _action_data(world, world.action_a) | {"responsible_institution": world.health.pk}
    client.post(reverse("tracking:action_edit", args=[world.action_a.pk]), data)
    world.action_a.refresh_from_db()
    assert world.action_a.responsible_institution_id == world.justice.pk  # the disabled field keeps the stored value


def test_unpublished_plan_is_not_on_the_portal_for_anyone(client, world):
    for role in ROLES:
        client.logout()
        client_for(client, world, role)
        assert client.get(reverse("tracking:portal_plan", args=[world.plan.pk])).status_code == 404


# API ------------------------------------------------------------------------------------------------------------

def _api_cases(world):
    indicator = world.indicator_a
    update = ProgressUpdate.objects.create(action=world.action_a, date=date.today(), narrative="n", status="planned")
    return [
        ("create plan", "post", "/api/tracking/plans", {"state": "FRA", "title": "API plan"}, COORD),
        ("update plan", "patch", f"/api/tracking/plans/{world.plan.pk}", {"version": 1, "published": True}, COORD),
        ("create action", "post", "/api/tracking/actions",
         {"plan_id": world.plan.pk, "title": "Train police", "responsible_institution_id": world.justice.pk}, COORD),
        ("update action A", "patch", f"/api/tracking/actions/{world.action_a.pk}", {"version": 1, "status": "delayed"}, OWN_A),
        ("update action B", "patch", f"/api/tracking/actions/{world.action_b.pk}", {"version": 1, "status": "delayed"}, OWN_B),
        ("move action A to Health", "patch", f"/api/tracking/actions/{world.action_a.pk}",
         {"version": 1, "responsible_institution_id": world.health.pk}, COORD),
        ("create indicator on A", "post", "/api/tracking/indicators", {"action_id": world.action_a.pk, "name": "Bills"}, OWN_A),
        ("update indicator on A", "patch", f"/api/tracking/indicators/{indicator.pk}", {"version": 1, "target": 12}, OWN_A),
        ("create measurement on A", "post", "/api/tracking/measurements",
         {"indicator_id": indicator.pk, "date": "2025-01-01", "value": 4}, OWN_A),
        ("create progress on A", "post", "/api/tracking/progress-updates",
         {"action_id": world.action_a.pk, "date": "2025-01-01", "narrative": "Done", "status": "completed"}, OWN_A),
        ("create progress on B", "post", "/api/tracking/progress-updates",
         {"action_id": world.action_b.pk, "date": "2025-01-01", "narrative": "Done", "status": "completed"}, OWN_B),
        ("update progress on A", "patch", f"/api/tracking/progress-updates/{update.pk}", {"version": 1, "narrative": "x"}, OWN_A),
        ("read unpublished plan", "get", f"/api/tracking/plans/{world.plan.pk}", None, STAFF),
        ("read unpublished action", "get", f"/api/tracking/actions/{world.action_a.pk}", None, STAFF),
        ("read unpublished indicator", "get", f"/api/tracking/indicators/{indicator.pk}", None, STAFF),
        ("read unpublished progress", "get", f"/api/tracking/progress-updates/{update.pk}", None, STAFF),
    ]


API_CASE_NAMES = ["create plan", "update plan", "create action", "update action A", "update action B",
                  "move action A to Health", "create indicator on A", "update indicator on A", "create measurement on A",
                  "create progress on A", "create progress on B", "update progress on A", "read unpublished plan",
                  "read unpublished action", "read unpublished indicator", "read unpublished progress"]


@pytest.mark.parametrize("case_name", API_CASE_NAMES)
def test_api_refuses_every_forbidden_action(client, world, case_name):
    cases = {case[0]: case for case in _api_cases(world)}
    _name, method, url, payload, allowed = cases[case_name]
    kwargs = {"data": json.dumps(payload), "content_type": "application/json"} if payload is not None else {}

    def attempt(client, role):
        status = getattr(client, method)(url, **kwargs).status_code
        if role in allowed:
            ok = status in (200, 201)
        elif method == "get":
            ok = status == 404  # unpublished items do not exist for them
        elif role == "anonymous":
            ok = status == 401
        else:
            ok = status in (403, 404)
        return None if ok else f"{role}: {case_name} gave {status}"

    assert _as_each_role(client, world, attempt) == []


def test_api_lists_only_published_plans_to_the_public(client, world):
    assert client.get("/api/tracking/plans").json() == []
    assert client.get("/api/tracking/actions").json() == []
    world.plan.published = True
    world.plan.save()
    assert [plan["id"] for plan in client.get("/api/tracking/plans").json()] == [world.plan.pk]
    assert len(client.get("/api/tracking/actions").json()) == 2
