"""Recommendations are picked by finding them (the search engine, the plan's state only), and shown by text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aspiration.corpus.models import Document
from aspiration.reference.models import Label
from aspiration.tracking.forms import ActionForm
from aspiration.tracking.models import Cluster, Plan
from tests import factories
from tests.tracking.conftest import client_for

pytestmark = pytest.mark.django_db


def _picker(client, world, **params):
    return client.get(reverse("tracking:picker", args=[world.plan.pk]), params, HTTP_HX_REQUEST="true")


def test_the_picker_finds_the_plans_recommendations_by_words_and_filters(client, world):
    factories.recommendation("Prevent domestic violence against migrants", state="KEN")
    client_for(client, world, "coordinator")
    html = _picker(client, world, rec_q="violence").content.decode()
    assert "Adopt a law criminalising domestic violence" in html
    assert "migrants" not in html  # another state's recommendation
    assert "rural areas" not in html
    noted = _picker(client, world, rec_response="noted").content.decode()
    assert "death penalty" in noted and "domestic violence" not in noted


def test_chosen_recommendations_are_shown_by_text_with_their_document_and_removed_by_button(client, world):
    document = Document.objects.create(symbol="A/HRC/54/5", mechanism=world.rec_women.mechanism, state=world.state)
    world.rec_women.document, world.rec_women.paragraph = document, "145.3"
    world.rec_women.save()
    client_for(client, world, "coordinator")
    html = _picker(client, world, recommendation_ids=[world.rec_women.pk, world.rec_health.pk]).content.decode()
    assert "A/HRC/54/5, para. 145.3" in html
    assert f'value="{world.rec_women.pk}" id="recommendation_ids-chosen-{world.rec_women.pk}" checked' in html
    assert "2 recommendations chosen" in html
    removed = _picker(client, world, recommendation_ids=[world.rec_women.pk, world.rec_health.pk],
                      remove=world.rec_women.pk).content.decode()
    assert "1 recommendation chosen" in removed
    assert f'id="recommendation_ids-chosen-{world.rec_women.pk}"' not in removed


def test_without_javascript_search_and_remove_repost_the_form_unsaved(client, world):
    client_for(client, world, "coordinator")
    url = reverse("tracking:clusters", args=[world.plan.pk])
    data = {"title": "Health", "origin": "manual", "recommendation_ids": [world.rec_women.pk], "rec_q": "rural",
            "picker": "search"}
    html = client.post(url, data).content.decode()
    assert not Cluster.objects.exists()
    assert 'value="Health"' in html  # what was typed stays
    assert f'id="recommendation_ids-add-{world.rec_health.pk}"' in html  # found, to tick
    html = client.post(url, data | {"picker": f"remove:{world.rec_women.pk}"}).content.decode()
    assert f'id="recommendation_ids-chosen-{world.rec_women.pk}"' not in html
    client.post(url, {"title": "Health", "origin": "manual", "recommendation_ids": [world.rec_health.pk]})
    assert list(Cluster.objects.get().recommendations.all()) == [world.rec_health]


def test_add_to_plan_links_preselect_the_recommendation(client, world):
    client_for(client, world, "coordinator")
    html = client.get(reverse("tracking:action_create", args=[world.plan.pk]),
                      {"recommendation": world.rec_health.pk}).content.decode()
    assert f'id="recommendation_ids-chosen-{world.rec_health.pk}" checked' in html
    page = client.get(reverse("tracking:add_to_plan", args=[world.rec_health.pk])).content.decode()
    assert f"/tracking/plans/{world.plan.pk}/actions/new/?recommendation={world.rec_health.pk}" in page
    cluster = Cluster.objects.create(plan=world.plan, title="Health")
    client.post(reverse("tracking:add_to_plan", args=[world.rec_health.pk]), {"cluster": cluster.pk})
    assert list(cluster.recommendations.all()) == [world.rec_health]
    cluster.refresh_from_db()
    assert cluster.version == 2


def test_adding_to_a_cluster_is_refused_to_focal_points_and_across_states(client, world):
    cluster = Cluster.objects.create(plan=world.plan, title="Health")
    foreign = factories.recommendation("Ratify the convention", state="KEN")
    client_for(client, world, "focal_a")
    assert client.post(reverse("tracking:add_to_plan", args=[world.rec_health.pk]),
                       {"cluster": cluster.pk}).status_code == 403
    client.force_login(world.users["coordinator"])
    assert client.post(reverse("tracking:add_to_plan", args=[foreign.pk]), {"cluster": cluster.pk}).status_code == 404
    assert not cluster.recommendations.exists()


def test_the_picker_is_refused_to_civil_society_and_anonymous(client, world):
    client_for(client, world, "cso")
    assert _picker(client, world, rec_q="violence").status_code == 403


def test_sdg_targets_of_the_chosen_recommendations_are_suggested_first_with_their_indicators(world):
    factories.label("sdg_target", "1.1", "Eradicate extreme poverty")
    form = ActionForm(plan=world.plan, initial={"recommendation_ids": [world.rec_women.pk]})
    html = str(form["sdg_targets"])
    assert html.index("Suggested and chosen") < html.index("5.2 Eliminate violence against women") < html.index("1.1 Eradicate")
    indicator = Label.objects.get(code="5.2.1")
    assert form.fields["sdg_indicators"].widget.suggested == {indicator.pk}
    assert "data-label-filter" in html


def test_search_results_and_recommendation_pages_offer_add_to_plan_to_coordinators_only(client, world):
    link = reverse("tracking:add_to_plan", args=[world.rec_women.pk])
    assert link not in client.get(reverse("recommendation", args=[world.rec_women.pk])).content.decode()
    client_for(client, world, "coordinator")
    assert link in client.get(reverse("recommendation", args=[world.rec_women.pk])).content.decode()
    assert link in client.get(reverse("search"), {"q": "violence"}).content.decode()


def test_a_focal_point_uses_the_picker_only_on_a_plan_with_an_action_of_their_institution(client, world):
    other = Plan.objects.create(state=world.plan.state, title="Another plan")
    client_for(client, world, "focal_a")
    assert _picker(client, world, rec_q="violence").status_code == 200
    assert client.get(reverse("tracking:picker", args=[other.pk]), {"rec_q": "violence"},
                      HTTP_HX_REQUEST="true").status_code == 403
