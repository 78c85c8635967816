"""Who may do what: every role tries every row of a table of pages and API calls (GET and POST), and is
allowed or refused as docs/security.md says (a login redirect, 401, 403 or 404). A refused write must
change nothing; an allowed one must change what it says, so a row cannot pass by refusing everyone.

The roles: anonymous, viewer, civil society, focal point (of the Ministry of Justice, which holds action A),
coordinator, administrator, and a watch analyst (a viewer with the early-warning flag).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aspiration.accounts.models import ApiToken
from aspiration.corpus.models import Recommendation
from aspiration.jobs.models import Job
from aspiration.tracking.models import Action, Assessment, Plan, ProgressUpdate
from tests.tracking.conftest import _user, world  # noqa: F401  (the small world of plans, people and roles)
from tests.watch.helpers import make_item

ROLES = ("anonymous", "viewer", "cso", "focal_a", "coordinator", "admin", "analyst")
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = {"viewer", "focal_a", "coordinator", "admin", "analyst"}  # staff readers (the analyst is a viewer)
COORD = {"coordinator", "admin"}
OWN_A = COORD | {"focal_a"}
ANALYST = {"analyst"}
REPORTERS = COORD | {"viewer", "analyst"}


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[Any], str]
    allowed: set[str]
    data: Callable[[Any], Any] | None = None
    state: Callable[[Any], Any] | None = None  # what a write changes: equal before and after a refusal
    api: bool = False
    refused: dict[str, int] | None = None  # statuses other than the usual (login/401 for anonymous, else 403)


def _progress(w):
    return {"date": date.today().isoformat(), "narrative": "Draft sent to parliament", "status": "in_progress",
            "links": ""}


def _action_edit(w):
    a = w.action_a
    return {"title": "Renamed action", "description": "", "responsible_institution": a.responsible_institution_id,
            "status": a.status, "due_date": a.due_date.isoformat(), "expected_version": a.version,
            "recommendation_ids": ""}


def _feed(w):
    return {"feed": "press", "file": SimpleUploadedFile("posts.csv", f"text,date\nA post,{date.today()}\n".encode())}


WEB = [
    Row("search page", "get", lambda w: "/explore/?q=violence", EVERYONE),
    Row("public portal", "get", lambda w: "/tracking/portal/", EVERYONE),
    Row("plan list", "get", lambda w: "/tracking/", STAFF),
    Row("unpublished plan", "get", lambda w: f"/tracking/plans/{w.plan.pk}/", STAFF),
    Row("unpublished plan on the portal", "get", lambda w: f"/tracking/portal/{w.plan.pk}/", set(),
        refused=dict.fromkeys(ROLES, 404)),
    Row("create a plan", "post", lambda w: "/tracking/plans/new/", COORD,
        data=lambda w: {"state": w.state.pk, "title": "Another plan"}, state=lambda w: Plan.objects.count()),
    Row("edit action A", "post", lambda w: f"/tracking/actions/{w.action_a.pk}/edit/", OWN_A, data=_action_edit,
        state=lambda w: Action.objects.get(pk=w.action_a.pk).title),
    Row("edit action B (another ministry's)", "post", lambda w: f"/tracking/actions/{w.action_b.pk}/edit/", COORD,
        data=lambda w: _action_edit(w) | {"responsible_institution": w.action_b.responsible_institution_id,
                                          "due_date": w.action_b.due_date.isoformat(), "status": w.action_b.status,
                                          "expected_version": w.action_b.version},
        state=lambda w: Action.objects.get(pk=w.action_b.pk).title),
    Row("report progress on A", "post", lambda w: f"/tracking/actions/{w.action_a.pk}/progress/", OWN_A,
        data=_progress, state=lambda w: ProgressUpdate.objects.count()),
    Row("moderation queue", "get", lambda w: "/tracking/assessments/moderation/", COORD),
    Row("publish a pending assessment", "post", lambda w: f"/tracking/assessments/{w.assessment.pk}/moderate/", COORD,
        data=lambda w: {"decision": "published"}, state=lambda w: Assessment.objects.get(pk=w.assessment.pk).status),
    # An audit trail repeats the assessment: staff readers other than coordinators may not read a pending one, and
    # civil society reads no audit trail at all (its own assessment is on "my assessments").
    Row("history of a pending assessment", "get", lambda w: f"/tracking/history/assessment/{w.assessment.pk}/", COORD),
    Row("people of the plan", "get", lambda w: f"/tracking/plans/{w.plan.pk}/people/", COORD),
    Row("import recommendations page", "get", lambda w: "/imports/", COORD),
    Row("reports page", "get", lambda w: "/reports/", REPORTERS),
    Row("my account", "get", lambda w: "/accounts/", SIGNED_IN),
    Row("revoke the coordinator's token", "post", lambda w: f"/accounts/tokens/{w.tokens['coordinator'][0].pk}/revoke/",
        {"coordinator"}, data=lambda w: {}, state=lambda w: ApiToken.objects.filter(user__username="coord").count(),
        refused={"admin": 404, **{r: 404 for r in SIGNED_IN - {"coordinator"}}}),
    Row("early-warning dashboard", "get", lambda w: "/watch/", ANALYST),
    Row("a feed item", "get", lambda w: f"/watch/items/{w.item.pk}/", ANALYST),
    Row("import a feed", "post", lambda w: "/watch/import/", ANALYST, data=_feed,
        state=lambda w: Job.objects.count()),
    Row("a feed import's job page", "get", lambda w: f"/jobs/{w.feed_job.pk}/", ANALYST),  # coordinators too are refused
]

API = [
    Row("search API", "get", lambda w: "/api/recommendations?q=violence", EVERYONE, api=True),
    Row("read an unpublished plan", "get", lambda w: f"/api/tracking/plans/{w.plan.pk}", STAFF, api=True,
        refused={"anonymous": 404, "cso": 404}),
    Row("create a plan", "post", lambda w: "/api/tracking/plans", COORD, api=True,
        data=lambda w: {"state": "FRA", "title": "API plan"}, state=lambda w: Plan.objects.count()),
    Row("report progress on A", "post", lambda w: "/api/tracking/progress-updates", OWN_A, api=True,
        data=lambda w: {"action_id": w.action_a.pk, "date": "2026-12-01", "narrative": "Done", "status": "completed"},
        state=lambda w: ProgressUpdate.objects.count()),
    Row("delay action B (another ministry's)", "patch", lambda w: f"/api/tracking/actions/{w.action_b.pk}", COORD,
        api=True, data=lambda w: {"version": w.action_b.version, "status": "delayed"},
        state=lambda w: Action.objects.get(pk=w.action_b.pk).status, refused={"cso": 404}),  # not even visible
    Row("add a recommendation", "post", lambda w: "/api/corpus/recommendations", COORD, api=True,
        data=lambda w: {"text": "Ratify the optional protocol", "state": "FRA"},
        state=lambda w: Recommendation.objects.count()),
    Row("list feed items", "get", lambda w: "/api/watch/items", ANALYST, api=True),
    Row("a feed item with its text", "get", lambda w: f"/api/watch/items/{w.item.pk}", ANALYST, api=True),
    Row("list alerts", "get", lambda w: "/api/watch/alerts", ANALYST, api=True),
]

CASES = [(row, role) for row in WEB + API for role in ROLES]


@pytest.fixture
def matrix_world(world, settings, tmp_path):  # noqa: F811
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    world.users["analyst"] = _user("analyst", "viewer", is_watch_analyst=True)
    world.assessment = Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a,
                                                 rating=2, comment="Slow going")
    world.item = make_item("A post the desk should read")
    world.feed_job = Job.objects.create(kind="feed_import", title="posts.csv", created_by=world.users["analyst"])
    world.tokens = {role: ApiToken.issue(user, "matrix") for role, user in world.users.items()}
    return world


def attempt(client, people, row: Row, role: str):
    url = row.url(people)
    if row.api:
        headers = {} if role == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {people.tokens[role][1]}"}
        body = None if row.data is None else row.data(people)
        if row.method == "get":
            return client.get(url, **headers)
        return getattr(client, row.method)(url, json.dumps(body), content_type="application/json", **headers)
    if role != "anonymous":
        client.force_login(people.users[role])
    return getattr(client, row.method)(url, row.data(people) if row.data else None)


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{'api' if r.api else 'web'}: {r.name} as {role}"
                                                       for r, role in CASES])
def test_role_matrix(client, matrix_world, row: Row, role: str):
    before = row.state(matrix_world) if row.state else None
    response = attempt(client, matrix_world, row, role)
    status = response.status_code
    after = row.state(matrix_world) if row.state else None
    if role in row.allowed:
        assert status < 400 and "/login/" not in response.get("Location", ""), f"{role} was refused ({status})"
        if row.state:
            assert after != before, f"{role} was allowed but nothing changed ({status})"
        return
    expected = (row.refused or {}).get(role)
    if expected is None:
        expected = (401 if row.api else "login") if role == "anonymous" else 403
    if expected == "login":
        assert status == 302 and response["Location"].startswith("/login/"), status
    else:
        assert status == expected, f"{role}: {status}, expected {expected}"
    assert after == before, f"a refused {row.method.upper()} changed something"
