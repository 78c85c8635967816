"""Opening "new assessment" without saying what to assess (a bookmark, the back button) offers the published
actions to choose from instead of a 404; the roles that may not assess are still refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aspiration.tracking.models import Action, Plan
from tests.tracking.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/tracking/assessments/new/"


def test_the_address_is_the_one_people_bookmark():
    assert reverse("tracking:assessment_create") == URL


def test_civil_society_chooses_among_the_actions_of_published_plans(client, world):
    world.plan.published = True
    world.plan.save()
    Action.objects.create(plan=world.plan, title="A cancelled idea", status=Action.Status.CANCELLED,
                          responsible_institution=world.justice)
    draft = Plan.objects.create(state=world.state, title="Draft plan nobody may see")
    Action.objects.create(plan=draft, title="An action of the draft", responsible_institution=world.justice)
    response = client_for(client, world, "cso").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose what to assess" in page and "National action plan 2024-2027" in page
    for action in (world.action_a, world.action_b):
        assert action.title in page and f"{URL}?action={action.pk}" in page
    assert "A cancelled idea" not in page and "Draft plan nobody may see" not in page and "An action of the draft" not in page


def test_a_chosen_action_opens_the_assessment_form(client, world):
    world.plan.published = True
    world.plan.save()
    response = client_for(client, world, "cso").get(URL, {"action": world.action_a.pk})
    assert response.status_code == 200 and 'name="rating"' in response.content.decode()


def test_without_a_published_plan_the_page_says_so_and_links_to_the_portal(client, world):
    response = client_for(client, world, "cso").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No plan has been published yet." in page and reverse("tracking:portal") in page
    assert world.action_a.title not in page


@pytest.mark.parametrize("role", ["admin", "coordinator", "focal_a", "viewer"])
def test_roles_that_do_not_assess_are_refused(client, world, role):
    world.plan.published = True
    world.plan.save()
    assert client_for(client, world, role).get(URL).status_code == 403


def test_anonymous_visitors_are_asked_to_log_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
