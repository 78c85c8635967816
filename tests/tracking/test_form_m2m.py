"""Forms keep every many-to-many choice when the views save them the way they do (``commit=False`` first)."""

from __future__ import annotations

from django.urls import reverse

from aspiration.reference.models import Label
from aspiration.tracking.forms import ActionForm, ClusterForm
from aspiration.tracking.models import Cluster
from tests.tracking.conftest import client_for


def test_cluster_form_saves_recommendations_after_commit_false(world):
    form = ClusterForm({"title": "Violence", "origin": "manual",
                        "recommendation_ids": [world.rec_women.pk, world.rec_health.pk]}, plan=world.plan)
    assert form.is_valid(), form.errors
    cluster = form.save(commit=False)
    cluster.plan = world.plan
    cluster.save()
    form.save_m2m()
    assert set(cluster.recommendations.values_list("pk", flat=True)) == {world.rec_women.pk, world.rec_health.pk}


def test_action_form_saves_all_relations_after_commit_false(world):
    indicator = Label.objects.get(taxonomy__code="sdg_indicator", code="5.2.1")
    form = ActionForm({"title": "Train judges by 2026", "responsible_institution": world.justice.pk, "status": "planned",
                       "supporting_institutions": [world.health.pk], "recommendation_ids": [world.rec_women.pk],
                       "sdg_targets": [world.target.pk], "sdg_indicators": [indicator.pk], "cta_areas": [world.area.pk]},
                      plan=world.plan)
    assert form.is_valid(), form.errors
    action = form.save(commit=False)
    action.plan = world.plan
    action.save()
    form.save_m2m()
    assert list(action.recommendations.all()) == [world.rec_women]
    assert list(action.supporting_institutions.all()) == [world.health]
    assert list(action.sdg_targets.all()) == [world.target]
    assert list(action.sdg_indicators.all()) == [indicator]
    assert list(action.cta_areas.all()) == [world.area]


def test_creating_and_editing_a_cluster_through_the_page_keeps_its_recommendations(client, world):
    client_for(client, world, "coordinator")
    client.post(reverse("tracking:clusters", args=[world.plan.pk]), {
        "title": "Women", "origin": "manual", "recommendation_ids": [world.rec_women.pk, world.rec_health.pk]})
    cluster = Cluster.objects.get(title="Women")
    assert set(cluster.recommendations.all()) == {world.rec_women, world.rec_health}
    client.post(reverse("tracking:cluster_edit", args=[cluster.pk]), {
        "title": "Women", "origin": "manual", "recommendation_ids": [world.rec_women.pk, world.rec_noted.pk],
        "expected_version": cluster.version})
    assert set(cluster.recommendations.all()) == {world.rec_women, world.rec_noted}


def test_editing_an_action_through_the_page_saves_every_relation(client, world):
    client_for(client, world, "coordinator")
    action = world.action_a
    response = client.post(reverse("tracking:action_edit", args=[action.pk]), {
        "title": action.title, "responsible_institution": world.justice.pk, "status": "in_progress",
        "supporting_institutions": [world.health.pk], "recommendation_ids": [world.rec_health.pk],
        "sdg_targets": [], "cta_areas": [world.area.pk], "expected_version": action.version})
    assert response.status_code == 302
    assert list(action.recommendations.all()) == [world.rec_health]
    assert list(action.supporting_institutions.all()) == [world.health]
    assert list(action.sdg_targets.all()) == []


def test_an_accepted_suggestion_disappears_and_a_second_accept_is_refused(client, world):
    client_for(client, world, "coordinator")
    url = reverse("tracking:clusters", args=[world.plan.pk])
    page = client.get(url).content.decode()
    # Both recommendations share the UPR issue "Women's rights": suggested by their text, not their ids.
    assert "Adopt a law criminalising domestic violence" in page
    suggestion = {"title": "Women's rights", "origin": "upr_issue", "suggestion": "1",
                  "recommendation_ids": [world.rec_women.pk, world.rec_health.pk]}
    client.post(url, suggestion)
    assert Cluster.objects.get().recommendations.count() == 2
    page = client.get(url).content.decode()
    assert 'name="suggestion"' not in page
    response = client.post(url, suggestion, follow=True)
    assert Cluster.objects.count() == 1
    assert "already in a cluster" in response.content.decode()
