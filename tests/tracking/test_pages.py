"""Every page renders for the people who use it."""

from __future__ import annotations

from django.urls import reverse

from aspiration.tracking.models import Assessment, Cluster
from tests import factories
from tests.tracking.conftest import client_for


def test_coordinator_pages_render(client, world):
    cluster = Cluster.objects.create(plan=world.plan, title="Violence against women")
    Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=2, comment="Slow")
    client_for(client, world, "coordinator")
    urls = [
        reverse("tracking:plans"), reverse("tracking:plan_create"), reverse("tracking:plan_detail", args=[world.plan.pk]),
        reverse("tracking:plan_edit", args=[world.plan.pk]), reverse("tracking:clusters", args=[world.plan.pk]),
        reverse("tracking:cluster_edit", args=[cluster.pk]), reverse("tracking:action_create", args=[world.plan.pk]),
        reverse("tracking:action_detail", args=[world.action_a.pk]), reverse("tracking:action_edit", args=[world.action_a.pk]),
        reverse("tracking:progress_create", args=[world.action_a.pk]),
        reverse("tracking:indicator_create", args=[world.action_a.pk]),
        reverse("tracking:indicator_edit", args=[world.indicator_a.pk]),
        reverse("tracking:measurement_create", args=[world.indicator_a.pk]),
        reverse("tracking:gender_review", args=["action", world.action_a.pk]),
        reverse("tracking:gender_review", args=["plan", world.plan.pk]),
        reverse("tracking:gender_overview", args=[world.plan.pk]), reverse("tracking:my_actions"),
        reverse("tracking:history", args=["plan", world.plan.pk]), reverse("tracking:moderation"),
        reverse("tracking:portal"), reverse("accounts:account"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_creating_an_action_with_vague_wording_shows_smart_hints(client, world):
    client_for(client, world, "coordinator")
    response = client.post(reverse("tracking:action_create", args=[world.plan.pk]), {
        "title": "Continue efforts to promote gender equality", "responsible_institution": world.justice.pk,
        "status": "planned", "recommendation_ids": f"{world.rec_women.pk}, {world.rec_health.pk}"}, follow=True)
    page = response.content.decode()
    assert "Specific: &#x27;promote&#x27;" in page or "Specific: 'promote'" in page
    assert "Time-bound: set a due date." in page
    action = world.plan.actions.get(title__startswith="Continue")
    assert set(action.recommendations.values_list("pk", flat=True)) == {world.rec_women.pk, world.rec_health.pk}


def test_recommendations_of_another_state_are_refused(client, world):
    foreign = factories.recommendation("Ratify the convention", state="KEN")
    client_for(client, world, "coordinator")
    response = client.post(reverse("tracking:action_create", args=[world.plan.pk]), {
        "title": "Ratify", "responsible_institution": world.justice.pk, "status": "planned",
        "recommendation_ids": str(foreign.pk)})
    assert response.status_code == 200 and "No recommendation of this state" in response.content.decode()


def test_measurement_breakdown_checked_in_the_form(client, world):
    client_for(client, world, "focal_a")
    url = reverse("tracking:measurement_create", args=[world.indicator_a.pk])
    bad = client.post(url, {"date": "2025-01-01", "value": "4", "breakdown": "sex=female"})
    assert "not a dimension of this indicator" in bad.content.decode()
    client.post(url, {"date": "2025-01-01", "value": "4", "breakdown": "location=rural"})
    assert world.indicator_a.measurements.get().disaggregation == {"location": "rural"}
