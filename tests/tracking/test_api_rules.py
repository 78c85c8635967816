"""The API applies the pages' rules, pages its lists without changing their shape, and tells the public no
staff login names or internal file names."""

from __future__ import annotations

import json
from datetime import date

from django.core.files.base import ContentFile

from aspiration.accounts.models import ApiToken
from aspiration.tracking.forms import ActionForm
from aspiration.tracking.models import Action, Evidence, ProgressUpdate


def _auth(world, role: str) -> dict:
    _token, raw = ApiToken.issue(world.users[role], "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_api_refuses_a_due_date_before_the_start_date_like_the_form(client, world):
    headers = _auth(world, "coordinator")
    payload = {"plan_id": world.plan.pk, "title": "Backwards", "responsible_institution_id": world.justice.pk,
               "start_date": "2026-06-01", "due_date": "2026-01-31"}
    created = client.post("/api/tracking/actions", payload, content_type="application/json", **headers)
    assert created.status_code == 422, created.content
    assert "due date is before the start date" in created.json()["detail"]
    assert not Action.objects.filter(title="Backwards").exists()

    patch = {"version": world.action_a.version, "start_date": "2030-01-01", "due_date": "2029-12-31"}
    updated = client.patch(f"/api/tracking/actions/{world.action_a.pk}", json.dumps(patch),
                           content_type="application/json", **headers)
    assert updated.status_code == 422, updated.content
    world.action_a.refresh_from_db()
    assert world.action_a.start_date is None and world.action_a.version == 1

    # Only the start moved, after the stored due date: the same rule, on the merged values.
    late_start = {"version": world.action_a.version, "start_date": "2099-01-01"}
    assert client.patch(f"/api/tracking/actions/{world.action_a.pk}", json.dumps(late_start),
                        content_type="application/json", **headers).status_code == 422

    form = ActionForm({"title": "Backwards", "responsible_institution": world.justice.pk, "status": "planned",
                       "start_date": "2026-06-01", "due_date": "2026-01-31"}, plan=world.plan)
    assert not form.is_valid() and "due_date" in form.errors


def test_the_api_refuses_recommendations_of_another_state_with_the_forms_message(client, world):
    from tests import factories

    other = factories.recommendation("Ratify the convention", state="DEU")
    payload = {"plan_id": world.plan.pk, "title": "Elsewhere", "responsible_institution_id": world.justice.pk,
               "recommendation_ids": [other.pk]}
    response = client.post("/api/tracking/actions", payload, content_type="application/json",
                           **_auth(world, "coordinator"))
    assert response.status_code == 400 and str(other.pk) in response.json()["detail"]
    assert not Action.objects.filter(title="Elsewhere").exists()


def test_lists_are_paged_and_stay_json_lists(client, world):
    headers = _auth(world, "coordinator")
    whole = client.get("/api/tracking/actions", **headers)
    assert isinstance(whole.json(), list) and len(whole.json()) == 2
    assert whole["X-Total-Count"] == "2" and not whole.has_header("Link")
    first = client.get("/api/tracking/actions?limit=1", **headers)
    assert [item["id"] for item in first.json()] == [world.action_a.pk]
    assert first["X-Total-Count"] == "2" and 'rel="next"' in first["Link"] and "offset=1" in first["Link"]
    second = client.get("/api/tracking/actions?limit=1&offset=1", **headers)
    assert [item["id"] for item in second.json()] == [world.action_b.pk]
    assert client.get("/api/tracking/actions?limit=0", **headers).status_code == 422
    assert client.get("/api/tracking/actions?limit=100000", **headers).status_code == 422


def test_anonymous_api_shows_no_staff_login_names_nor_internal_file_names(client, world, settings):
    world.plan.published = True
    world.plan.save()
    update = ProgressUpdate.objects.create(action=world.action_a, date=date(2025, 3, 1), narrative="Bill drafted",
                                           status="in_progress", author=world.users["focal_a"])
    internal = Evidence(progress_update=update, original_name="cabinet-memo-confidential.pdf", public=False,
                        uploaded_by=world.users["focal_a"], content_type="application/pdf", size=3)
    internal.file.save("memo.pdf", ContentFile(b"%PDF"), save=True)
    Evidence.objects.create(progress_update=update, url="https://example.org/law", title="Published law", public=True)

    for response in (client.get("/api/tracking/progress-updates"), client.get(f"/api/tracking/progress-updates/{update.pk}"),
                     client.get(f"/api/tracking/progress-updates?action={world.action_a.pk}")):
        assert response.status_code == 200
        text = response.content.decode()
        assert "Bill drafted" in text  # the update itself is public on a published plan
        assert "focal_justice" not in text and "cabinet-memo" not in text and "memo" not in text
        assert "https://example.org/law" in text  # the public evidence stays

    staff = client.get(f"/api/tracking/progress-updates/{update.pk}", **_auth(world, "viewer")).json()
    assert staff["author"] == "focal_justice"
    assert "cabinet-memo-confidential.pdf" in [item["file"] for item in staff["evidence"]]
    # A civil-society account is not staff: it sees what the public sees.
    ngo = client.get(f"/api/tracking/progress-updates/{update.pk}", **_auth(world, "cso")).json()
    assert ngo["author"] is None and [item["public"] for item in ngo["evidence"]] == [True]


def test_the_api_offers_the_forms_choices_of_institutions_and_clusters(client, world):
    """The form never offered civil society as responsible, nor another state's ministry; the API took both."""
    from aspiration.accounts.models import Institution
    from tests import factories

    abroad = Institution.objects.create(name="Bundesministerium der Justiz", country=factories.country("DEU"))
    headers = _auth(world, "coordinator")
    base = {"plan_id": world.plan.pk, "title": "Train judges", "responsible_institution_id": world.justice.pk}
    for bad in ({"responsible_institution_id": world.ngo.pk}, {"responsible_institution_id": abroad.pk},
                {"supporting_institution_ids": [abroad.pk]}, {"cluster_id": 999999}):
        response = client.post("/api/tracking/actions", base | bad, content_type="application/json", **headers)
        assert response.status_code == 400, (bad, response.content)
        assert response.json()["detail"]
    assert not Action.objects.filter(title="Train judges").exists()
    patch = {"version": 1, "responsible_institution_id": world.ngo.pk}
    assert client.patch(f"/api/tracking/actions/{world.action_a.pk}", json.dumps(patch), content_type="application/json",
                        **headers).status_code == 400
    form = ActionForm(plan=world.plan)
    assert world.ngo not in form.fields["responsible_institution"].queryset
    assert abroad not in form.fields["supporting_institutions"].queryset
    ok = client.post("/api/tracking/actions", base | {"supporting_institution_ids": [world.health.pk]},
                     content_type="application/json", **headers)
    assert ok.status_code == 201 and ok.json()["supporting_institution_ids"] == [world.health.pk]
